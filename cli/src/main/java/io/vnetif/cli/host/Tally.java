package io.vnetif.cli.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Bytes that crossed a connection: how many, their SHA-256, and how fast. */
record Tally(long bytes, String sha256, long nanos) {
    private static final int CHUNK = 64 * 1024;

    /** Reads {@code in} to its end. */
    static Tally of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[CHUNK];
        long start = System.nanoTime();
        long bytes = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
            bytes += n;
        }
        return new Tally(bytes, HexFormat.of().formatHex(digest.digest()), System.nanoTime() - start);
    }

    /** Writes {@code limit} bytes (0: until the peer goes away) of the source stream to {@code out}. */
    static Tally send(OutputStream out, long limit) throws IOException {
        MessageDigest digest = newDigest();
        SplittableRandom random = new SplittableRandom(19);
        byte[] buffer = new byte[CHUNK];
        long start = System.nanoTime();
        long bytes = 0;
        try {
            while (limit == 0 || bytes < limit) {
                random.nextBytes(buffer);
                int n = (int) (limit == 0 ? CHUNK : Math.min(CHUNK, limit - bytes));
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                bytes += n;
            }
        } catch (IOException gone) {
            if (limit != 0) {
                throw gone;
            }
            // an endless source ends when its reader does
        }
        return new Tally(bytes, HexFormat.of().formatHex(digest.digest()), System.nanoTime() - start);
    }

    /** A block of the source stream. */
    static byte[] block(int length) {
        byte[] b = new byte[length];
        new SplittableRandom(19).nextBytes(b);
        return b;
    }

    /** The rate, as {@code 812.4 Mbit/s in 1.03 s}. */
    String rate() {
        double seconds = Math.max(nanos, 1) / 1e9;
        return String.format("%.1f Mbit/s in %.2f s", bytes * 8 / seconds / 1e6, seconds);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
