package io.vnetif.proto.security;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * How a client reaches a protected control port: the CAs to trust, a client certificate for mutual TLS,
 * an access token; and the gRPC credentials of a channel made from them. Behind the client library's
 * {@code RemoteOptions} and the vnetif command, which build it from the same settings. The builder reads
 * each file when it is given, so a missing or invalid file fails there, naming it.
 */
public final class ControlCredentials {
    private final TrustManager[] trust;
    private final KeyManager[] clientCertificate;
    private final AccessToken token;

    private ControlCredentials(Builder b) {
        this.trust = b.trust;
        this.clientCertificate = b.clientCertificate;
        this.token = b.token;
    }

    /** A builder for plaintext without a token; each setting changes that. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether channels use TLS (they do when CAs to trust or a client certificate are given). */
    public boolean tls() {
        return trust != null || clientCertificate != null;
    }

    /**
     * The credentials of a channel to {@code target}.
     *
     * @throws IllegalArgumentException when a token would travel in plaintext to a target that is not a
     *                                  loopback address
     */
    public ChannelCredentials channelCredentials(String target) {
        ChannelCredentials transport = tls() ? tlsCredentials() : InsecureChannelCredentials.create();
        if (token == null) {
            return transport;
        }
        if (!tls() && !GrpcTarget.isLoopback(target)) {
            throw new IllegalArgumentException("refusing to send the access token to " + target + " without TLS: anyone on the path "
                    + "could read it and use it. Trust the switch's CA (RemoteOptions.trustCertificates, vnetif --tls-ca), "
                    + "or reach the switch at a loopback address");
        }
        return CompositeChannelCredentials.create(transport, token.callCredentials());
    }

    private ChannelCredentials tlsCredentials() {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        if (trust != null) {
            tls.trustManager(trust);
        }
        if (clientCertificate != null) {
            tls.keyManager(clientCertificate);
        }
        return tls.build();
    }

    /** Builds {@link ControlCredentials}; each method reads and checks its files at once. */
    public static final class Builder {
        private TrustManager[] trust;
        private KeyManager[] clientCertificate;
        private AccessToken token;

        private Builder() {
        }

        /**
         * TLS, accepting a switch certificate signed by a CA in {@code caPem} (PEM certificates) and no other.
         *
         * @throws IllegalArgumentException naming the file when it is unreadable or holds no certificate
         */
        public Builder trustCertificates(Path caPem) {
            this.trust = Pem.trustManagers(Pem.certificates(caPem));
            return this;
        }

        /**
         * TLS presenting this certificate (mutual TLS).
         *
         * @param certificatePem the client certificate (then any intermediates), PEM
         * @param keyPem         its unencrypted PKCS#8 private key, PEM
         * @throws IllegalArgumentException naming the file that is unreadable or invalid, or when the key
         *                                  does not belong to the certificate
         */
        public Builder clientCertificate(Path certificatePem, Path keyPem) {
            List<X509Certificate> chain = Pem.certificates(certificatePem);
            PrivateKey key = Pem.privateKey(keyPem);
            try {
                this.clientCertificate = Pem.keyManagers(chain, key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(keyPem + ": " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * This access token with every call.
         *
         * @throws IllegalArgumentException when it is empty or not printable ASCII without spaces
         */
        public Builder token(String value) {
            this.token = AccessToken.of(value);
            return this;
        }

        /**
         * The access token that {@code file} holds (surrounding whitespace ignored) with every call.
         *
         * @throws IllegalArgumentException naming the file when it is unreadable, empty or not a token
         */
        public Builder tokenFile(Path file) {
            this.token = AccessToken.read(file);
            return this;
        }

        public ControlCredentials build() {
            return new ControlCredentials(this);
        }
    }
}
