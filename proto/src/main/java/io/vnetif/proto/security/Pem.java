package io.vnetif.proto.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates and private keys from PEM files, turned into what the control plane's TLS uses on
 * either end. Every failure is an {@link IllegalArgumentException} that names the file and says what is
 * wrong with it, so a command can put it after the flag that named the file.
 */
public final class Pem {
    private static final Pattern PKCS8 = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA");
    /** Only protects the in-memory key store that the JDK's key manager wants; never stored. */
    private static final char[] IN_MEMORY_PASSWORD = "vnetif".toCharArray();

    private Pem() {
    }

    /** The certificates in {@code file} ({@code -----BEGIN CERTIFICATE-----} blocks), in order. */
    public static List<X509Certificate> certificates(Path file) {
        byte[] pem = read(file);
        if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(file + ": no certificate in it (want PEM, -----BEGIN CERTIFICATE-----)");
        }
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + ": not a valid PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    /** The unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}) in {@code file}: RSA, EC or Ed25519. */
    public static PrivateKey privateKey(Path file) {
        String pem = new String(read(file), StandardCharsets.US_ASCII);
        Matcher block = PKCS8.matcher(pem);
        if (!block.find()) {
            throw new IllegalArgumentException(file + ": " + whyNoKey(pem, file));
        }
        PKCS8EncodedKeySpec spec;
        try {
            spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(block.group(1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the private key is not valid base64 (" + e.getMessage() + ")", e);
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // not this algorithm: try the next
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks " + algorithm + " keys", e);
            }
        }
        throw new IllegalArgumentException(file + ": not an RSA, EC or Ed25519 private key");
    }

    /** Names the key formats people most often have instead, with the command that converts them. */
    private static String whyNoKey(String pem, Path file) {
        String convert = "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pkcs8.pem";
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            return "the private key is encrypted; decrypt it: openssl pkcs8 -in " + file + " -out key.pkcs8.pem";
        }
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
            return "the private key is in PKCS#1/SEC1 form, PKCS#8 is wanted; convert it: " + convert;
        }
        return "no private key in it (want an unencrypted PKCS#8 key, -----BEGIN PRIVATE KEY-----)";
    }

    /**
     * Key managers that present {@code chain} (the end-entity certificate first) with {@code key}.
     *
     * @throws IllegalArgumentException when {@code key} is not the private key of the chain's first certificate
     */
    public static KeyManager[] keyManagers(List<X509Certificate> chain, PrivateKey key) {
        requireMatch(chain.get(0), key);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, IN_MEMORY_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use the key with the certificate " + chain.get(0).getSubjectX500Principal()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Trust managers that accept certificates signed by one of {@code authorities} (and no others). */
    public static TrustManager[] trustManagers(List<X509Certificate> authorities) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot trust " + authorities.get(0).getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    /** A mismatched key fails every handshake with an obscure error; a signature it makes must verify with the certificate. */
    private static void requireMatch(X509Certificate certificate, PrivateKey key) {
        PublicKey publicKey = certificate.getPublicKey();
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("the private key (" + key.getAlgorithm() + ") does not belong to the certificate "
                    + certificate.getSubjectX500Principal() + " (" + publicKey.getAlgorithm() + ")");
        }
        try {
            String algorithm = switch (key.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                default -> key.getAlgorithm();
            };
            byte[] probe = "vnetif key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(signer.sign())) {
                throw new IllegalArgumentException("the private key does not belong to the certificate "
                        + certificate.getSubjectX500Principal());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot check the private key against the certificate "
                    + certificate.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read it (" + e + ")", e);
        }
    }
}
