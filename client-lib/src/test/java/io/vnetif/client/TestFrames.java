package io.vnetif.client;

import io.vnetif.api.MacAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;

/** Frames and a collecting listener for the client tests. */
final class TestFrames {
    static final int ETHERTYPE = 0x88B5; // IEEE local experimental

    private TestFrames() {
    }

    /** dst, src, EtherType 0x88B5, then the payload. */
    static ByteBuffer frame(MacAddress dst, MacAddress src, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        b.put(dst.toBytes()).put(src.toBytes()).putShort((short) ETHERTYPE).put(payload).flip();
        return b;
    }

    static ByteBuffer frame(MacAddress dst, MacAddress src, String text) {
        return frame(dst, src, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String payloadText(byte[] frame) {
        return new String(frame, 14, frame.length - 14, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Attaches two interfaces to {@code network} of {@code sw} and checks that a frame with {@code text}
     * crosses from one to the other: the switch is usable end to end.
     */
    static void assertAFrameCrosses(VirtualSwitch sw, String network, String text) throws InterruptedException {
        Vnetif a = sw.attach(network);
        Vnetif b = sw.attach(network);
        Collector rb = new Collector();
        b.listen(rb);
        a.write(frame(b.mac(), a.mac(), text));
        rb.awaitCount(1);
        org.assertj.core.api.Assertions.assertThat(rb.texts()).containsExactly(text);
    }

    /** Keeps copies of everything it receives; can hold the first callback until released. */
    static final class Collector implements FrameListener {
        final List<byte[]> frames = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release;

        Collector() {
            this(0);
        }

        /** With {@code holdFirst > 0} the first callback waits until {@link #release()}. */
        Collector(int holdFirst) {
            this.release = new CountDownLatch(holdFirst > 0 ? 1 : 0);
        }

        @Override
        public void onFrame(ByteBuffer frame) {
            byte[] copy = new byte[frame.remaining()];
            frame.get(copy);
            frames.add(copy);
            threads.add(Thread.currentThread());
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void release() {
            release.countDown();
        }

        List<String> texts() {
            return frames.stream().map(TestFrames::payloadText).toList();
        }

        void awaitCount(int n) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() >= n);
        }
    }
}
