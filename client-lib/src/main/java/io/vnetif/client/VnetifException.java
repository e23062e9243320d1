package io.vnetif.client;

/** Base of the failures specific to vnetif (attach refused, switch unreachable). */
public class VnetifException extends RuntimeException {
    public VnetifException(String message) {
        super(message);
    }

    public VnetifException(String message, Throwable cause) {
        super(message, cause);
    }
}
