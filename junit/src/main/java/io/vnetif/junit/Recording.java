package io.vnetif.junit;

import io.vnetif.client.FrameMonitor;
import io.vnetif.client.pcapng.PcapngWriter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A pcapng recording of some interfaces' frames, for a failure report: each interface gets a monitor
 * that writes its frames, from whatever thread the interface calls it on, until the recording reaches
 * {@link #MAX_BYTES} (the first frames are the telling ones, and a bulk transfer must not fill the heap
 * or the disk for a report).
 */
final class Recording implements AutoCloseable {
    static final int MAX_BYTES = 64 << 20;

    private final CountingStream out;
    private final PcapngWriter pcap;
    /** Null while recording; else why frames are no longer recorded. Guarded by this. */
    private String stoppedBecause;

    Recording(OutputStream sink) throws IOException {
        this.out = new CountingStream(sink);
        this.pcap = new PcapngWriter(out);
    }

    /** A monitor recording one more interface, named {@code label} in the capture. */
    synchronized FrameMonitor monitor(String label, String description) throws IOException {
        int recorded = pcap.addInterface(label, description);
        return (direction, frame, nanos) -> {
            synchronized (this) {
                if (stoppedBecause != null) {
                    return;
                }
                if (out.written > MAX_BYTES) {
                    stoppedBecause = "the capture stopped at " + (MAX_BYTES >> 20) + " MiB";
                    return;
                }
                try {
                    pcap.writePacket(recorded, nanos, frame, frame.remaining(), direction == FrameMonitor.Direction.TX
                            ? PcapngWriter.Direction.OUTBOUND : PcapngWriter.Direction.INBOUND, null);
                } catch (IOException e) {
                    stoppedBecause = "the capture stopped: " + e.getMessage(); // a full disk must not break the interface
                }
            }
        };
    }

    /** Null while every frame is recorded; else why the later ones are not. */
    synchronized String stoppedBecause() {
        return stoppedBecause;
    }

    /** Writes out what is buffered. */
    synchronized void flush() throws IOException {
        pcap.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        pcap.close();
    }

    /** Counts what passes, so the limit holds for any sink. */
    private static final class CountingStream extends OutputStream {
        private final OutputStream sink;
        long written;

        CountingStream(OutputStream sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) throws IOException {
            sink.write(b);
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sink.write(b, off, len);
            written += len;
        }

        @Override
        public void flush() throws IOException {
            sink.flush();
        }

        @Override
        public void close() throws IOException {
            sink.close();
        }
    }
}
