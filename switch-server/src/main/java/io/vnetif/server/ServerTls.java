package io.vnetif.server;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.vnetif.proto.security.Pem;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * TLS on the control port: the switch's certificate and key, and for mutual TLS the certificate
 * authorities whose client certificates it accepts (a client without one is refused in the handshake).
 */
public final class ServerTls {
    private final KeyManager[] keyManagers;
    private final TrustManager[] clientAuthorities;

    /**
     * @param chain            the switch's certificate first, then any intermediates
     * @param key              the private key of {@code chain}'s first certificate
     * @param clientAuthorities CAs that sign client certificates, or {@code null} not to ask for them
     * @throws IllegalArgumentException when the key does not belong to the certificate
     */
    public ServerTls(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> clientAuthorities) {
        this.keyManagers = Pem.keyManagers(chain, key);
        this.clientAuthorities = clientAuthorities == null ? null : Pem.trustManagers(clientAuthorities);
    }

    /**
     * From PEM files: {@code certificate} (chain), {@code key} (PKCS#8) and, for mutual TLS,
     * {@code clientAuthorities} ({@code null}: no client certificates).
     *
     * @throws IllegalArgumentException naming the file that is unreadable or invalid
     */
    public static ServerTls fromPem(Path certificate, Path key, Path clientAuthorities) {
        return new ServerTls(Pem.certificates(certificate), Pem.privateKey(key),
                clientAuthorities == null ? null : Pem.certificates(clientAuthorities));
    }

    /** Whether clients must present a certificate. */
    public boolean mutual() {
        return clientAuthorities != null;
    }

    ServerCredentials credentials() {
        TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder().keyManager(keyManagers);
        if (mutual()) {
            tls.trustManager(clientAuthorities).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        return tls.build();
    }
}
