package io.vnetif.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vnetif.api.DropReason;
import io.vnetif.wire.DataCipher;
import io.vnetif.wire.PortCodec;
import io.vnetif.wire.SealedCodec;
import io.vnetif.wire.SecretCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What encrypting a port costs per frame: one datagram written by the client's end of the port codec
 * and opened by the switch's, in place in a pooled direct buffer, as on the real path. {@code plain}
 * is the secret-authenticated format (header plus copy) as the baseline; the two AEAD ciphers are what
 * an encrypted port could use. Run with {@code -prof gc} for bytes allocated per frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class SealBenchmark {
    /** Frame length in bytes. */
    @Param({"64", "512", "1500"})
    int size;

    /** "plain", or a {@link DataCipher} name. */
    @Param({"plain", "AES_256_GCM", "CHACHA20_POLY1305"})
    String codec;

    private PortCodec client;
    private PortCodec sw;
    private ByteBuf frame;
    private ByteBuf datagram;

    @Setup(Level.Trial)
    public void setUp() {
        if (codec.equals("plain")) {
            client = new SecretCodec(42L);
            sw = client;
        } else {
            byte[] key = new byte[DataCipher.KEY_LENGTH];
            new java.util.Random(1).nextBytes(key);
            client = SealedCodec.forClient(DataCipher.valueOf(codec), key);
            sw = SealedCodec.forSwitch(DataCipher.valueOf(codec), key);
        }
        byte[] bytes = new byte[size];
        new java.util.Random(2).nextBytes(bytes);
        frame = Unpooled.directBuffer(size).writeBytes(bytes);
        datagram = PooledByteBufAllocator.DEFAULT.directBuffer(client.overhead() + size);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        datagram.release();
        frame.release();
    }

    /** Client seals (or writes) one frame, the switch opens (or authenticates) it: both ends' work for one frame. */
    @Benchmark
    public int sealAndOpen() {
        datagram.clear();
        client.write(datagram, 7, frame);
        DropReason refused = sw.open(datagram);
        if (refused != null) {
            throw new AssertionError(refused);
        }
        return datagram.writerIndex();
    }
}
