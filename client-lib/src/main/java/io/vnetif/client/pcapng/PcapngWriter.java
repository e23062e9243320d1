package io.vnetif.client.pcapng;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a pcapng capture file (the format of Wireshark and tshark): one section, one Ethernet
 * interface per port (name and description), enhanced packet blocks with nanosecond timestamps,
 * direction flags and optional comments. Not thread-safe; {@link #close()} flushes and closes the stream.
 */
public final class PcapngWriter implements AutoCloseable {
    /** The direction flag of a packet, as seen by the interface it is recorded on. */
    public enum Direction {
        /** Not known. */
        UNKNOWN,
        /** Received on the interface. */
        INBOUND,
        /** Sent out of the interface. */
        OUTBOUND
    }

    private static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int INTERFACE_DESCRIPTION = 0x00000001;
    private static final int ENHANCED_PACKET = 0x00000006;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final short LINKTYPE_ETHERNET = 1;
    private static final short OPT_END = 0;
    private static final short OPT_COMMENT = 1;
    private static final short IF_NAME = 2;
    private static final short IF_DESCRIPTION = 3;
    private static final short IF_TSRESOL = 9;
    private static final short EPB_FLAGS = 2;

    private final OutputStream out;
    private int interfaces;

    /** Starts a file: writes the section header. */
    public PcapngWriter(OutputStream out) throws IOException {
        this.out = out;
        Block b = new Block(SECTION_HEADER, 64);
        b.buf.putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L);
        b.option(OPT_COMMENT, utf8("written by vnetif")).end();
        write(b);
    }

    /**
     * Describes an Ethernet interface (a port).
     *
     * @return its id, for {@link #writePacket}
     */
    public int addInterface(String name, String description) throws IOException {
        byte[] nameBytes = utf8(name);
        byte[] descriptionBytes = utf8(description);
        Block b = new Block(INTERFACE_DESCRIPTION, 64 + nameBytes.length + descriptionBytes.length);
        b.buf.putShort(LINKTYPE_ETHERNET).putShort((short) 0).putInt(0);
        b.option(IF_NAME, nameBytes).option(IF_DESCRIPTION, descriptionBytes).option(IF_TSRESOL, new byte[] {9}).end();
        write(b);
        return interfaces++;
    }

    /**
     * Records one frame.
     *
     * @param wallClockNanos  capture time, nanoseconds since the Unix epoch
     * @param frame           the captured bytes (position to limit; the position is not moved)
     * @param originalLength  the frame's length before any snap length cut it
     * @param comment         a note shown with the packet, or {@code null}
     */
    public void writePacket(int interfaceId, long wallClockNanos, ByteBuffer frame, int originalLength, Direction direction,
                            String comment) throws IOException {
        if (interfaceId < 0 || interfaceId >= interfaces) {
            throw new IllegalArgumentException("no interface " + interfaceId + " (add it first)");
        }
        int length = frame.remaining();
        byte[] note = comment == null ? null : utf8(comment);
        Block b = new Block(ENHANCED_PACKET, 64 + length + (note == null ? 0 : note.length));
        b.buf.putInt(interfaceId).putInt((int) (wallClockNanos >>> 32)).putInt((int) wallClockNanos)
                .putInt(length).putInt(originalLength).put(frame.duplicate());
        b.pad();
        if (direction != Direction.UNKNOWN) {
            b.option(EPB_FLAGS, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(direction.ordinal()).array());
        }
        if (note != null) {
            b.option(OPT_COMMENT, note);
        }
        b.end();
        write(b);
    }

    /** Pushes what was written to the stream (for live readers of a pipe). */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Option values are UTF-8 and at most 65535 bytes long (the length field's range). */
    private static byte[] utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("pcapng option of " + bytes.length + " bytes (at most 65535)");
        }
        return bytes;
    }

    private void write(Block b) throws IOException {
        byte[] block = b.finish();
        out.write(block);
    }

    /** One block: type, length, body, options, length again; little-endian. */
    private static final class Block {
        final ByteBuffer buf;

        Block(int type, int capacity) {
            buf = ByteBuffer.allocate(capacity + 16).order(ByteOrder.LITTLE_ENDIAN);
            buf.putInt(type).putInt(0);
        }

        Block option(short code, byte[] value) {
            buf.putShort(code).putShort((short) value.length).put(value);
            pad();
            return this;
        }

        Block end() {
            buf.putShort(OPT_END).putShort((short) 0);
            return this;
        }

        void pad() {
            while (buf.position() % 4 != 0) {
                buf.put((byte) 0);
            }
        }

        byte[] finish() {
            int total = buf.position() + 4;
            buf.putInt(total);
            buf.putInt(4, total);
            byte[] out = new byte[total];
            buf.flip();
            buf.get(out);
            return out;
        }
    }
}
