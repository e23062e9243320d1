package io.vnetif.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** A temporary file of seeded random bytes and their SHA-256, what the transfer tests send and check. */
record RandomFile(Path path, long bytes, String sha256) implements AutoCloseable {
    static RandomFile of(int mebibytes, long seed) throws IOException {
        Path path = Files.createTempFile("vnetif-data", ".bin");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(seed);
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        try (var out = Files.newOutputStream(path)) {
            for (int i = 0; i < mebibytes; i++) {
                random.nextBytes(chunk);
                digest.update(chunk);
                out.write(chunk);
            }
        }
        return new RandomFile(path, (long) mebibytes << 20, HexFormat.of().formatHex(digest.digest()));
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }
}
