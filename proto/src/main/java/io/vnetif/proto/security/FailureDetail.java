package io.vnetif.proto.security;

import io.grpc.Status;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * What a failed control call went wrong with, in the words that tell a user what to fix: gRPC's own
 * description ("io exception") rarely does, the innermost cause ("Connection refused", "unable to find
 * valid certification path") does. Both ends' user interfaces, the client library and the vnetif
 * command, word failures with it.
 */
public final class FailureDetail {
    private FailureDetail() {
    }

    /**
     * Whether the call failed because the switch did not answer (nothing listening, no route, no answer in
     * time, the connection lost), as opposed to the switch answering with a refusal.
     */
    public static boolean unreachable(Status status) {
        return status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
    }

    /**
     * The status's description with its innermost cause; for a failed TLS handshake,
     * {@code TLS handshake failed: <innermost cause>}; for a refused connection, a line that says what
     * is likely wrong.
     *
     * @param overTls whether the call went over TLS: a plaintext call that the switch dropped is told
     *                the switch may want TLS
     */
    public static String of(Status status, boolean overTls) {
        Throwable root = null;
        SSLException handshake = null;
        for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
            if (handshake == null && t instanceof SSLException) {
                handshake = (SSLException) t;
            }
            root = t;
        }
        if (handshake != null) {
            // The engine's own wrapper often says only "General OpenSslEngine problem"; the innermost cause says
            // "unable to find valid certification path", "CERTIFICATE_REQUIRED" or "not an SSL/TLS record".
            return "TLS handshake failed: " + (root.getMessage() != null ? root.getMessage() : handshake.getMessage());
        }
        if (root instanceof ConnectException && root.getMessage() != null
                && root.getMessage().toLowerCase(Locale.ROOT).contains("refused")) {
            // Netty words it "finishConnect(..) failed with error(-111): Connection refused": nothing listens there.
            return "connection refused (is the switch running, and is this its control port?)";
        }
        if (root instanceof UnknownHostException) {
            return "cannot resolve the host (" + root.getMessage() + ")";
        }
        String detail = status.getDescription() != null ? status.getDescription() : status.getCode().toString();
        if (root != null && root.getMessage() != null) {
            detail += " (" + root.getMessage() + ")";
        }
        if (!overTls && status.getCode() == Status.Code.UNAVAILABLE && !(root instanceof ConnectException)) {
            detail += "; a switch that serves TLS closes plaintext connections like this: if it runs with --tls-cert, "
                    + "connect over TLS (vnetif --tls-ca, RemoteOptions.trustCertificates)";
        }
        return detail;
    }
}
