package io.vnetif.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vnetif.api.MacAddress;
import io.vnetif.client.Vnetif;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny reliable protocol over raw Ethernet frames — stop-and-wait with retransmission — as "code
 * under test" for docs/impairments.md#a-test-that-cuts-a-link-mid-test: it must deliver every message once, in order,
 * however the link misbehaves.
 */
public final class StopAndWait {
    private static final short ETHERTYPE = (short) 0x88B5;
    private static final byte DATA = 1;
    private static final byte ACK = 2;
    private static final int HEADER = 14 + 1 + 4;

    private StopAndWait() {
    }

    private static ByteBuffer frame(MacAddress dst, MacAddress src, byte type, int seq, byte[] payload) {
        ByteBuffer f = ByteBuffer.allocate(HEADER + payload.length);
        f.put(dst.toBytes()).put(src.toBytes()).putShort(ETHERTYPE).put(type).putInt(seq).put(payload).flip();
        return f;
    }

    /** Sends messages one at a time, resending each until the receiver acknowledges it. */
    public static final class Sender {
        private final Vnetif nic;
        private final MacAddress peer;
        private final Duration timeout;
        private final BlockingQueue<Integer> acks = new LinkedBlockingQueue<>();
        private final AtomicLong retransmissions = new AtomicLong();
        private int seq;

        public Sender(Vnetif nic, MacAddress peer, Duration timeout) {
            this.nic = nic;
            this.peer = peer;
            this.timeout = timeout;
            nic.listen(f -> {
                if (f.remaining() >= HEADER && f.get(f.position() + 14) == ACK) {
                    acks.add(f.getInt(f.position() + 15));
                }
            });
        }

        /** Sends one message; returns once it is acknowledged; gives up after {@code tries} attempts. */
        public void send(String message, int tries) throws InterruptedException, TimeoutException {
            int mine = seq++;
            ByteBuffer f = frame(peer, nic.mac(), DATA, mine, message.getBytes(UTF_8));
            for (int attempt = 0; attempt < tries; attempt++) {
                if (attempt > 0) {
                    retransmissions.incrementAndGet();
                }
                nic.write(f);
                long deadline = System.nanoTime() + timeout.toNanos();
                Integer ack;
                while ((ack = acks.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
                    if (ack == mine) {
                        return;
                    }
                }
            }
            throw new TimeoutException("message " + mine + " not acknowledged after " + tries + " tries");
        }

        /** How many times a message had to be sent again. */
        public long retransmissions() {
            return retransmissions.get();
        }
    }

    /** Acknowledges every message and keeps each one once, in order. */
    public static final class Receiver {
        private final List<String> received = new ArrayList<>();
        private int expected;

        public Receiver(Vnetif nic) {
            nic.listen(f -> {
                if (f.remaining() < HEADER || f.get(f.position() + 14) != DATA) {
                    return;
                }
                int seq = f.getInt(f.position() + 15);
                byte[] payload = new byte[f.remaining() - HEADER];
                f.get(f.position() + HEADER, payload);
                synchronized (received) {
                    if (seq == expected) {
                        received.add(new String(payload, UTF_8));
                        expected++;
                    }
                }
                byte[] src = new byte[6];
                f.get(f.position() + 6, src);
                nic.write(frame(MacAddress.fromBytes(src), nic.mac(), ACK, seq, new byte[0]));
            });
        }

        /** The messages so far, each once, in order. */
        public List<String> received() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }
    }
}
