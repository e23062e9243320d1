package io.vnetif.client;

import io.vnetif.proto.security.ControlCredentials;
import java.nio.file.Path;
import java.util.Map;

/**
 * How {@link VirtualSwitch#remote(String, RemoteOptions)} reaches a switch whose control port is
 * protected (the switch's {@code --tls-cert}, {@code --tls-client-ca} and {@code --token-file}): TLS
 * trusting the CA that signed the switch's certificate, a client certificate for mutual TLS, and an
 * access token. Immutable; build with {@link #builder()}. The builder reads each file when it is given,
 * so a missing or invalid file fails there, with a message naming it.
 *
 * <pre>{@code
 * RemoteOptions options = RemoteOptions.builder()
 *         .trustCertificates(Path.of("ca.pem"))
 *         .tokenFile(Path.of("token"))
 *         .build();
 * try (VirtualSwitch lan = VirtualSwitch.remote("198.18.0.5:7400", options)) { ... }
 * }</pre>
 *
 * <p>The token is only ever sent over TLS or to a loopback address: in plaintext across a network anyone
 * on the path could read it and use it.
 */
public final class RemoteOptions {
    /** Environment variable with the PEM file of the CAs to trust (read by {@link #fromEnvironment()} and the vnetif command). */
    public static final String ENV_TLS_CA = "VNETIF_TLS_CA";
    /** Environment variable with the PEM file of the client certificate, for mutual TLS. */
    public static final String ENV_TLS_CERT = "VNETIF_TLS_CERT";
    /** Environment variable with the PEM file of the client certificate's PKCS#8 private key. */
    public static final String ENV_TLS_KEY = "VNETIF_TLS_KEY";
    /** Environment variable with the file that holds the access token. */
    public static final String ENV_TOKEN_FILE = "VNETIF_TOKEN_FILE";

    private static final RemoteOptions PLAINTEXT = builder().build();

    private final ControlCredentials credentials;

    private RemoteOptions(ControlCredentials credentials) {
        this.credentials = credentials;
    }

    /** A builder for plaintext without a token; each option changes that. */
    public static Builder builder() {
        return new Builder();
    }

    /** No TLS, no token: a switch with the default (loopback-only) setup. */
    public static RemoteOptions plaintext() {
        return PLAINTEXT;
    }

    /**
     * Options from the environment variables {@value #ENV_TLS_CA}, {@value #ENV_TLS_CERT} with
     * {@value #ENV_TLS_KEY}, and {@value #ENV_TOKEN_FILE}, each naming a file; unset or empty ones are
     * left out, so with none set this is {@link #plaintext()}. The vnetif command's flags default to the same
     * variables, so a user sets them once.
     *
     * @throws IllegalArgumentException naming the variable and file that is missing or invalid
     */
    public static RemoteOptions fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static RemoteOptions fromEnvironment(Map<String, String> env) {
        Builder options = builder();
        Path ca = path(env, ENV_TLS_CA);
        Path certificate = path(env, ENV_TLS_CERT);
        Path key = path(env, ENV_TLS_KEY);
        Path tokenFile = path(env, ENV_TOKEN_FILE);
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException(ENV_TLS_CERT + " and " + ENV_TLS_KEY + " go together: set both (client certificate and its key) or neither");
        }
        try {
            if (ca != null) {
                options.trustCertificates(ca);
            }
            if (certificate != null) {
                options.clientCertificate(certificate, key);
            }
            if (tokenFile != null) {
                options.tokenFile(tokenFile);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("from the environment (" + ENV_TLS_CA + ", " + ENV_TLS_CERT + ", " + ENV_TLS_KEY + ", "
                    + ENV_TOKEN_FILE + "): " + e.getMessage(), e);
        }
        return options.build();
    }

    private static Path path(Map<String, String> env, String variable) {
        String value = env.get(variable);
        return value == null || value.isEmpty() ? null : Path.of(value);
    }

    /** Whether the connection uses TLS (it does when CAs to trust or a client certificate are given). */
    public boolean tls() {
        return credentials.tls();
    }

    /** The credentials of the connection's gRPC channel. */
    ControlCredentials credentials() {
        return credentials;
    }

    /** Builds {@link RemoteOptions}; each method reads and checks its files at once. */
    public static final class Builder {
        private final ControlCredentials.Builder credentials = ControlCredentials.builder();

        private Builder() {
        }

        /**
         * Use TLS, accepting a switch certificate signed by a CA in {@code caPem} (PEM certificates) and
         * no other. The certificate must name the host of the target (e.g. IP 127.0.0.1 in its subject
         * alternative names for {@code 127.0.0.1:7400}).
         *
         * @throws IllegalArgumentException naming the file when it is unreadable or holds no certificate
         */
        public Builder trustCertificates(Path caPem) {
            credentials.trustCertificates(caPem);
            return this;
        }

        /**
         * Use TLS and present this certificate, for a switch that requires client certificates (mutual
         * TLS). Without {@link #trustCertificates}, the switch's certificate must be signed by a CA the
         * JDK trusts by default.
         *
         * @param certificatePem the client certificate (then any intermediates), PEM
         * @param keyPem         its unencrypted PKCS#8 private key, PEM ({@code -----BEGIN PRIVATE KEY-----})
         * @throws IllegalArgumentException naming the file that is unreadable or invalid, or when the key
         *                                  does not belong to the certificate
         */
        public Builder clientCertificate(Path certificatePem, Path keyPem) {
            credentials.clientCertificate(certificatePem, keyPem);
            return this;
        }

        /**
         * Send this access token with every call, as the switch's {@code --token-file} requires.
         *
         * @throws IllegalArgumentException when it is empty or not printable ASCII without spaces
         */
        public Builder token(String token) {
            credentials.token(token);
            return this;
        }

        /**
         * Send the access token that {@code file} holds (surrounding whitespace ignored) with every call.
         *
         * @throws IllegalArgumentException naming the file when it is unreadable, empty or not a token
         */
        public Builder tokenFile(Path file) {
            credentials.tokenFile(file);
            return this;
        }

        /** The options. */
        public RemoteOptions build() {
            return new RemoteOptions(credentials.build());
        }
    }
}
