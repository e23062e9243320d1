package io.vnetif.server.control;

/**
 * The data-plane loop could not run a control operation: it did not answer in time, or it is shutting
 * down. Answered as UNAVAILABLE: the switch cannot serve the call now, and a client may retry.
 */
final class LoopUnavailableException extends RuntimeException {
    LoopUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
