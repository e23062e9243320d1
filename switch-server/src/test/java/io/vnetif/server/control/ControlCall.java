package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** How one control call ended: its response, or the status the switch refused it with. */
public record ControlCall<T>(T response, Status status) {
    /**
     * The refusals the API documents. Anything else — UNKNOWN, INTERNAL — means an exception escaped the
     * argument checks.
     */
    static final Set<Status.Code> REFUSALS = EnumSet.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
            Status.Code.ALREADY_EXISTS, Status.Code.RESOURCE_EXHAUSTED, Status.Code.FAILED_PRECONDITION,
            Status.Code.PERMISSION_DENIED);

    public static <T> ControlCall<T> of(Supplier<T> call) {
        try {
            return new ControlCall<>(call.get(), Status.OK);
        } catch (StatusRuntimeException e) {
            return new ControlCall<>(null, e.getStatus());
        }
    }

    /** Fails unless the call succeeded or was refused with a documented code and a message saying why. */
    static void assertSucceededOrRefusedCleanly(Status status) {
        if (!status.isOk()) {
            assertThat(status.getCode()).as("status of a refusal (%s)", status).isIn(REFUSALS);
            assertThat(status.getDescription()).as("why %s", status.getCode()).isNotBlank();
        }
    }

    ControlCall<T> assertSucceededOrRefusedCleanly() {
        assertSucceededOrRefusedCleanly(status);
        return this;
    }

    /** Runs {@code undo} on the response when the call succeeded (to detach, remove, heal what it created). */
    ControlCall<T> ifSucceeded(Consumer<T> undo) {
        if (status.isOk()) {
            undo.accept(response);
        }
        return this;
    }

    String code() {
        return status.getCode().name();
    }
}
