package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.vnetif.proto.v1.CaptureEvent;
import io.vnetif.proto.v1.CaptureRequest;
import io.vnetif.proto.v1.DetachRequest;
import io.vnetif.proto.v1.RemoveImpairmentRequest;
import io.vnetif.server.FieldValues;
import io.vnetif.server.NearValid;
import io.vnetif.server.OutcomeStatistics;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Property tests of how the switch reads proto3 unsigned fields, which arrive in Java's signed types: a
 * uint32 from 2^31 up is a negative int, a uint64 from 2^63 up a negative long.
 */
class UnsignedRequestFieldPropertiesTest extends SharedSwitchProperties {
    /** Capture limits, which a capture takes without showing them back. */
    private static final Set<String> LIMITS_WITHOUT_ECHO = Set.of("max_frames", "duration_ms");

    /**
     * A value beyond the signed range is refused quoting it as sent, or taken as the large number it is (an
     * accepted rule shows it back; a capture's limits have nothing to show) — never read as a negative
     * number.
     */
    @Property(tries = 300)
    void unsignedValuesBeyondTheSignedRangeAreReadAsSent(@ForAll("requestsWithAnUnsignedValueBeyondTheSignedRange")
                                                         NearValid.FieldSet<Message> request) {
        ControlCall<Message> call = shared.send(request.message()).assertSucceededOrRefusedCleanly()
                .ifSucceeded(response -> shared.undo(request.message(), response));
        String asSent = request.value() instanceof Integer i ? Integer.toUnsignedString(i) : Long.toUnsignedString((Long) request.value());
        if (call.status().isOk()) {
            String field = request.path().get(request.path().size() - 1);
            if (!LIMITS_WITHOUT_ECHO.contains(field)) {
                assertThat(valueAt(call.response(), request.path())).as("%s as applied", request.path()).hasValue(request.value());
            }
        } else {
            assertThat(call.status().getDescription()).as("refusal of %s = %s", request.path(), asSent).contains(asSent);
        }
        OutcomeStatistics.collect(call.code(), "OK", "INVALID_ARGUMENT", "NOT_FOUND");
    }

    /** The value at {@code path} in {@code message}, if its type has such a field. */
    private static Optional<Object> valueAt(Message message, List<String> path) {
        Message at = message;
        for (int i = 0; i < path.size(); i++) {
            FieldDescriptor field = at == null ? null : at.getDescriptorForType().findFieldByName(path.get(i));
            if (field == null) {
                return Optional.empty();
            }
            if (i == path.size() - 1) {
                return Optional.of(at.getField(field));
            }
            at = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? (Message) at.getField(field) : null;
        }
        return Optional.empty();
    }

    /** A capture's limits are uint64: from 2^63 up they are as good as none, so the capture runs and sees the next frame. */
    @Property(tries = 10)
    void aCaptureWithLimitsBeyondTheSignedRangeSeesTheNextFrame(@ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long maxFrames,
                                                                @ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long durationMs)
            throws Exception {
        List<CaptureEvent> captured = shared.captureOfAFrameExchange(CaptureRequest.newBuilder()
                .setMaxFrames(maxFrames).setDurationMs(durationMs).build());
        assertThat(captured).anyMatch(CaptureEvent::hasFrame);
    }

    // ---- generators ----

    /** Valid requests of every kind with an unsigned field, with one such field set beyond the signed range. */
    @Provide
    Arbitrary<NearValid.FieldSet<Message>> requestsWithAnUnsignedValueBeyondTheSignedRange() {
        ControlRequestArbitraries requests = requests();
        Arbitrary<Message> valid = Arbitraries.oneOf(requests.validAttach(), requests.validAttachVxlan(), requests.validAttachRawUdp(),
                requests.validAddImpairment(), requests.validCut(), requests.validCapture(),
                Arbitraries.longs().between(1, 1000).map(id -> RemoveImpairmentRequest.newBuilder().setId(id).build()),
                Arbitraries.longs().map(secret -> DetachRequest.newBuilder().setPortId(shared.left().getPortId()).setSecret(secret).build()));
        FieldValues beyondTheSignedRange = new FieldValues()
                .typed(Arbitraries.integers().between(Integer.MIN_VALUE, -1), FieldDescriptor.Type.UINT32)
                .typed(Arbitraries.longs().between(Long.MIN_VALUE, -1), FieldDescriptor.Type.UINT64);
        return valid.flatMap(request -> NearValid.withOneFieldSet(request,
                field -> field.getType() == FieldDescriptor.Type.UINT32 || field.getType() == FieldDescriptor.Type.UINT64, beyondTheSignedRange));
    }
}
