package io.vnetif.client.pcapng;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads back what {@link PcapngWriter} wrote, checking the block structure on the way (tests only). */
public final class PcapngReader {
    public record Packet(int interfaceId, long nanos, int direction, byte[] data, int originalLength, String comment) {
    }

    public final List<String> interfaceNames = new ArrayList<>();
    public final List<Packet> packets = new ArrayList<>();

    public PcapngReader(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int start = b.position();
            int type = b.getInt();
            int length = b.getInt();
            if (length % 4 != 0 || b.getInt(start + length - 4) != length) {
                throw new AssertionError("bad block length " + length + " at " + start);
            }
            ByteBuffer body = b.slice(start + 8, length - 12).order(ByteOrder.LITTLE_ENDIAN);
            switch (type) {
                case 0x0A0D0D0A -> {
                    if (body.getInt(0) != 0x1A2B3C4D) {
                        throw new AssertionError("bad byte-order magic");
                    }
                }
                case 1 -> {
                    body.position(8);
                    interfaceNames.add(option(body, 2));
                }
                case 6 -> {
                    int iface = body.getInt(0);
                    long nanos = ((long) body.getInt(4) << 32) | (body.getInt(8) & 0xFFFFFFFFL);
                    int captured = body.getInt(12);
                    byte[] data = new byte[captured];
                    body.get(20, data);
                    body.position(20 + (captured + 3) / 4 * 4);
                    ByteBuffer options = body.slice().order(ByteOrder.LITTLE_ENDIAN);
                    String flags = option(options.duplicate().order(ByteOrder.LITTLE_ENDIAN), 2);
                    int direction = flags == null ? 0 : flags.getBytes(StandardCharsets.ISO_8859_1)[0];
                    packets.add(new Packet(iface, nanos, direction, data, body.getInt(16), option(options, 1)));
                }
                default -> throw new AssertionError("unexpected block type " + type);
            }
            b.position(start + length);
        }
    }

    /** The value of option {@code code} as text (ISO-8859-1 for binary values), or null. */
    private static String option(ByteBuffer options, int code) {
        while (options.remaining() >= 4) {
            int c = options.getShort() & 0xFFFF;
            int len = options.getShort() & 0xFFFF;
            if (c == 0) {
                return null;
            }
            byte[] value = new byte[len];
            options.get(value);
            options.position(options.position() + (4 - len % 4) % 4);
            if (c == code) {
                return new String(value, code == 2 && len == 4 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
