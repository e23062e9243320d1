package io.vnetif.it;

import io.vnetif.api.MacAddress;
import io.vnetif.client.NicOptions;
import io.vnetif.client.NicStats;
import io.vnetif.client.RemoteOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * A client JVM driven by a test over stdin/stdout, one line per command or event.
 *
 * <p>Arguments: {@code <switch host:port> <network> [mac]}. Prints {@code READY mac=… mtu=…}, then
 * {@code RX src=… dst=… text=…} for every text frame and {@code STATE …} on link changes. Commands:
 * Arguments: {@code <switch> <network> [mac|-] [label] [token file]}. {@code SEND <dst> <text>}, {@code SENDHEX <frame in hex>},
 * {@code SENDSEQ <dst> <from> <to>} (frames of sizes 14..MTU+14 whose
 * content is derived from their sequence number, answered by {@code SENT <to>}), {@code REPORT}
 * (answered by {@code SEQ received=… bad=…} and {@code STATS …}), {@code QUIT}.
 */
public final class ClientMain {
    static final int TEXT_ETHERTYPE = 0x88B5;
    static final int SEQ_ETHERTYPE = 0x88B6;

    private final Vnetif nic;
    private long seqReceived;
    private long seqBad;
    private long nextSeq;

    private ClientMain(Vnetif nic) {
        this.nic = nic;
    }

    public static void main(String[] args) throws Exception {
        NicOptions.Builder options = NicOptions.builder().network(args[1]).label(args.length > 3 ? args[3] : "it-client");
        if (args.length > 2 && !args[2].equals("-")) {
            options.mac(args[2]);
        }
        RemoteOptions remote = args.length > 4 ? RemoteOptions.builder().tokenFile(java.nio.file.Path.of(args[4])).build()
                : RemoteOptions.plaintext();
        try (VirtualSwitch sw = VirtualSwitch.remote(args[0], remote); Vnetif nic = sw.attach(options.build())) {
            new ClientMain(nic).run();
        }
    }

    private void run() throws Exception {
        nic.onStateChange(state -> say("STATE " + state));
        nic.listen(this::onFrame);
        say("READY mac=" + nic.mac() + " mtu=" + nic.mtu());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.split(" ", 3);
            switch (w[0]) {
                case "SEND":
                    nic.write(textFrame(MacAddress.parse(w[1]), nic.mac(), w[2]));
                    break;
                case "SENDHEX":
                    nic.write(ByteBuffer.wrap(java.util.HexFormat.of().parseHex(w[1])));
                    break;
                case "SENDSEQ":
                    String[] range = w[2].split(" ");
                    long to = Long.parseLong(range[1]);
                    for (long seq = Long.parseLong(range[0]); seq < to; seq++) {
                        nic.write(seqFrame(MacAddress.parse(w[1]), nic.mac(), seq, nic.mtu()));
                    }
                    say("SENT " + to);
                    break;
                case "REPORT":
                    synchronized (this) {
                        say("SEQ received=" + seqReceived + " bad=" + seqBad);
                    }
                    NicStats s = nic.stats();
                    say("STATS rxFrames=" + s.rxFrames() + " txFrames=" + s.txFrames() + " rxDropped=" + s.rxDropped()
                            + " txDropped=" + s.txDropped());
                    break;
                case "QUIT":
                    return;
                default:
                    say("ERROR unknown command " + w[0]);
            }
        }
    }

    private synchronized void onFrame(ByteBuffer frame) {
        byte[] f = new byte[frame.remaining()];
        frame.get(f);
        int etherType = ((f[12] & 0xFF) << 8) | (f[13] & 0xFF);
        MacAddress dst = MacAddress.fromBytes(Arrays.copyOfRange(f, 0, 6));
        MacAddress src = MacAddress.fromBytes(Arrays.copyOfRange(f, 6, 12));
        if (etherType == TEXT_ETHERTYPE) {
            say("RX src=" + src + " dst=" + dst + " text=" + new String(f, 14, f.length - 14, StandardCharsets.UTF_8));
        } else if (etherType == SEQ_ETHERTYPE) {
            long seq = ByteBuffer.wrap(f, 14, 8).getLong();
            byte[] expected = seqFrame(dst, src, seq, nic.mtu()).array();
            if (seq != nextSeq || !Arrays.equals(f, expected)) {
                seqBad++;
            }
            nextSeq = seq + 1;
            seqReceived++;
        }
    }

    static ByteBuffer textFrame(MacAddress dst, MacAddress src, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        b.put(dst.toBytes()).put(src.toBytes()).putShort((short) TEXT_ETHERTYPE).put(payload).flip();
        return b;
    }

    /** Frame {@code seq}: a size from 22 to MTU + 14 and random content, both derived from {@code seq}. */
    static ByteBuffer seqFrame(MacAddress dst, MacAddress src, long seq, int mtu) {
        Random random = new Random(seq);
        int payloadLength = 8 + random.nextInt(mtu - 8 + 1);
        byte[] content = new byte[payloadLength - 8];
        random.nextBytes(content);
        ByteBuffer b = ByteBuffer.allocate(14 + payloadLength);
        b.put(dst.toBytes()).put(src.toBytes()).putShort((short) SEQ_ETHERTYPE).putLong(seq).put(content).flip();
        return b;
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
