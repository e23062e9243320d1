package io.vnetif.proto.security;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.Executor;

/**
 * The shared secret a switch may require on control calls, sent as gRPC metadata
 * {@code authorization: Bearer <token>}. {@link #toString()} never shows it, so it cannot leak into logs.
 */
public final class AccessToken {
    /** The metadata key the token travels in. */
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String SCHEME = "Bearer ";

    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    /**
     * A token given as text: printable ASCII without spaces (what a header can carry).
     *
     * @throws IllegalArgumentException when it is empty or holds another character (the message does not repeat the token)
     */
    public static AccessToken of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the access token is empty (make one with: openssl rand -hex 32)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("the access token has a character a gRPC header cannot carry at position " + (i + 1)
                        + " (use printable ASCII without spaces, e.g. from: openssl rand -hex 32)");
            }
        }
        return new AccessToken(value);
    }

    /**
     * The token that {@code file} holds; surrounding whitespace (the newline an editor or {@code echo}
     * adds) is not part of it.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read, is empty or holds no valid token
     */
    public static AccessToken read(Path file) {
        String text; // a byte outside ASCII becomes U+FFFD, which of() refuses
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read it (" + e + ")", e);
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException(file + ": the token file is empty (fill it with e.g.: openssl rand -hex 32 > " + file + ")");
        }
        try {
            return of(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The {@code authorization} header value that carries this token. */
    public String headerValue() {
        return SCHEME + value;
    }

    /**
     * Whether a received {@code authorization} header value carries this token. Takes the same time
     * whatever the value, so timing tells an attacker nothing about how much of a guess was right.
     */
    public boolean matches(String receivedHeaderValue) {
        // Compared as digests: equal lengths, so not even the token's length shows in the timing.
        return MessageDigest.isEqual(sha256(headerValue()), sha256(receivedHeaderValue == null ? "" : receivedHeaderValue));
    }

    /** Credentials that add this token to every call of a channel. */
    public CallCredentials callCredentials() {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo request, Executor executor, MetadataApplier applier) {
                Metadata headers = new Metadata();
                headers.put(AUTHORIZATION, headerValue());
                applier.apply(headers);
            }
        };
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AccessToken(hidden)";
    }
}
