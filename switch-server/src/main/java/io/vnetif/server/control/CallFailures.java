package io.vnetif.server.control;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vnetif.core.ControlException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a control call that failed answers. A refusal answers with the status of its {@link io.vnetif.api.Refusal}
 * and its message; a loop that cannot run the call, UNAVAILABLE; anything else is a bug of the switch: INTERNAL
 * with a number that the switch's log shows beside the stack trace — never the exception's own text, which
 * may show internals to a client. Thread-safe: gRPC calls fail on many threads.
 */
final class CallFailures {
    private static final Logger log = LoggerFactory.getLogger(CallFailures.class);

    private final AtomicLong internalErrors = new AtomicLong();

    /** The answer to a call that threw {@code e}. */
    StatusRuntimeException status(RuntimeException e) {
        if (e instanceof ControlException refused) {
            return Status.fromCodeValue(refused.refusal().grpcCode()).withDescription(refused.getMessage()).asRuntimeException();
        }
        if (e instanceof LoopUnavailableException unavailable) {
            return Status.UNAVAILABLE.withDescription(unavailable.getMessage()).asRuntimeException();
        }
        long incident = internalErrors.incrementAndGet();
        log.error("internal error #{} in a control call", incident, e);
        return Status.INTERNAL.withDescription("internal error #" + incident + " of the switch; its log has the details")
                .asRuntimeException();
    }

    /** Calls that failed with an internal error since the switch started. */
    long internalErrors() {
        return internalErrors.get();
    }
}
