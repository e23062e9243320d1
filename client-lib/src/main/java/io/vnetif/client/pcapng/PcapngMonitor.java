package io.vnetif.client.pcapng;

import io.vnetif.client.FrameMonitor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link FrameMonitor} that records an interface's frames to a pcapng file (tx outbound, rx
 * inbound), for Wireshark. Close it after the interface to flush the file.
 */
public final class PcapngMonitor implements FrameMonitor, AutoCloseable {
    private final PcapngWriter pcap;
    private final int interfaceId;
    private IOException failure;

    private PcapngMonitor(OutputStream out, String name) throws IOException {
        this.pcap = new PcapngWriter(out);
        this.interfaceId = pcap.addInterface(name, "vnetif interface " + name);
    }

    /** Records to {@code file} (replaced if it exists), naming the interface {@code name} in it. */
    public static PcapngMonitor toFile(Path file, String name) throws IOException {
        return new PcapngMonitor(new BufferedOutputStream(Files.newOutputStream(file)), name);
    }

    /** Records to a stream of the caller's. */
    public static PcapngMonitor toStream(OutputStream out, String name) throws IOException {
        return new PcapngMonitor(out, name);
    }

    @Override
    public synchronized void frame(Direction direction, ByteBuffer frame, long wallClockNanos) {
        if (failure != null) {
            return;
        }
        try {
            pcap.writePacket(interfaceId, wallClockNanos, frame, frame.remaining(),
                    direction == Direction.TX ? PcapngWriter.Direction.OUTBOUND : PcapngWriter.Direction.INBOUND, null);
        } catch (IOException e) {
            failure = e; // reported by close(): a full disk must not break the interface
        }
    }

    /**
     * Flushes and closes the file.
     *
     * @throws UncheckedIOException when a write failed while recording
     */
    @Override
    public synchronized void close() {
        try {
            pcap.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw new UncheckedIOException("recording frames failed", failure);
        }
    }
}
