package io.vnetif.core;

/**
 * A refused control operation (attach, detach, lookup), with a code that maps one to one onto a gRPC
 * status and a message that says exactly what was wrong.
 */
public final class ControlException extends RuntimeException {
    /** What kind of refusal. */
    public enum Code {
        INVALID_ARGUMENT, ALREADY_EXISTS, NOT_FOUND, PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION
    }

    private final Code code;

    public ControlException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
