package io.vnetif.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when this machine cannot run it (no root, no namespaces, no epoll, a tool missing):
 * under {@code CI=true} it fails, because CI must run every test; elsewhere it is skipped, with the
 * reason, so a developer's laptop stays green.
 */
public final class Requirements {
    private Requirements() {
    }

    /** Fails under CI, skips elsewhere, saying {@code reason} (what is missing and how to get it). */
    public static void unmet(String reason) {
        if (underCi()) {
            Assertions.fail(reason + " (required under CI=true)");
        }
        Assumptions.abort(reason);
    }

    /** {@link #unmet} unless {@code met}. */
    public static void require(boolean met, String reason) {
        if (!met) {
            unmet(reason);
        }
    }

    /** Whether this run is CI's ({@code CI=true}). */
    public static boolean underCi() {
        return "true".equals(System.getenv("CI"));
    }
}
