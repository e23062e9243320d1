package io.vnetif.server;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI for TLS tests, as PEM files in a directory: a CA, a server certificate it signed for
 * 127.0.0.1 and localhost, and a client certificate it signed. EC P-256 keys, valid for a day.
 *
 * @param ca                the CA's certificate (what clients and a mutual-TLS switch trust)
 * @param serverCertificate the switch's certificate
 * @param serverKey         its PKCS#8 private key
 * @param clientCertificate a client's certificate
 * @param clientKey         its PKCS#8 private key
 */
public record TestPki(Path ca, Path serverCertificate, Path serverKey, Path clientCertificate, Path clientKey) {
    private static final AtomicLong SERIAL = new AtomicLong(1);

    /** Makes the CA and both certificates, writing their files into {@code directory} (created if needed). */
    public static TestPki create(Path directory) throws IOException, GeneralSecurityException {
        Files.createDirectories(directory);
        KeyPair caKeys = keyPair();
        // Named after its directory: two test PKIs must not have CAs that look alike.
        X500Name caName = new X500Name("CN=vnetif test CA " + directory.getFileName());
        X509Certificate ca = sign(builder(caName, caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), caKeys.getPrivate());

        KeyPair serverKeys = keyPair();
        X509Certificate server = sign(builder(caName, new X500Name("CN=vnetif test switch"), serverKeys.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)), caKeys.getPrivate());

        KeyPair clientKeys = keyPair();
        X509Certificate client = sign(builder(caName, new X500Name("CN=vnetif test client"), clientKeys.getPublic())
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)), caKeys.getPrivate());

        return new TestPki(write(directory.resolve("ca.pem"), "CERTIFICATE", ca.getEncoded()),
                write(directory.resolve("server.pem"), "CERTIFICATE", server.getEncoded()),
                write(directory.resolve("server-key.pem"), "PRIVATE KEY", serverKeys.getPrivate().getEncoded()),
                write(directory.resolve("client.pem"), "CERTIFICATE", client.getEncoded()),
                write(directory.resolve("client-key.pem"), "PRIVATE KEY", clientKeys.getPrivate().getEncoded()));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.getAndIncrement()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** PEM: the DER (a JDK key's encoding is PKCS#8) in base64 lines between BEGIN and END markers. */
    private static Path write(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
