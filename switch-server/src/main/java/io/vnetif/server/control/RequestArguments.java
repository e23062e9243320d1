package io.vnetif.server.control;

import io.vnetif.api.Refusal;
import io.vnetif.core.ControlException;
import io.vnetif.proto.mapping.UnsignedFields;

/** Checks of request fields for the control calls: a bad value is INVALID_ARGUMENT, with the message saying why. */
final class RequestArguments {
    private RequestArguments() {
    }

    /** A uint32 field's value in {@code min..max}, read by {@link UnsignedFields#uint32} (2^31 and up are not negative numbers). */
    static int uint32(int value, int min, int max, String field) {
        try {
            return UnsignedFields.uint32(value, min, max, field);
        } catch (IllegalArgumentException e) {
            throw new ControlException(Refusal.INVALID_ARGUMENT, e.getMessage());
        }
    }
}
