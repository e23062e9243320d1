package io.vnetif.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vnetif.api.MacAddress;
import io.vnetif.client.NicOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * MirageOS's {@code connect} example across two JVMs: {@code server} answers every "hello world"
 * frame with "hello back N"; {@code client COUNT} broadcasts "hello world" COUNT times and waits for
 * the answers. The switch is the one {@code VirtualSwitch.fromEnvironment()} names: system property
 * {@code vnetif.switch}, else {@code $VNETIF_SWITCH} (both set by {@code JvmLauncher}), else 127.0.0.1:7400.
 */
public final class Connect {
    private static final short ETHERTYPE = (short) 0x88B5;

    private Connect() {
    }

    public static void main(String[] args) throws Exception {
        ExampleMain.run("Connect", "Usage: java -cp vnetif-examples.jar io.vnetif.examples.Connect server | client COUNT", args,
                a -> a.length == 1 && a[0].equals("server") || a.length == 2 && a[0].equals("client") && ExampleMain.isCount(a[1])
                        ? null : "want server, or client and a COUNT", Connect::connect);
    }

    private static void connect(String[] args) throws Exception {
        boolean answered = true;
        try (VirtualSwitch lan = VirtualSwitch.fromEnvironment();
             Vnetif nic = lan.attach(NicOptions.builder().network("connect").label(args[0]).build())) {
            if (args[0].equals("server")) {
                serve(nic);
            } else {
                answered = ask(nic, Integer.parseInt(args[1]));
            }
        }
        System.exit(answered ? 0 : 1); // after the interface detached
    }

    private static void serve(Vnetif nic) throws Exception {
        int[] answered = {0};
        nic.listen(frame -> {
            String text = payload(frame);
            if (text.equals("hello world")) {
                byte[] src = new byte[6];
                frame.get(6, src);
                nic.write(frame(MacAddress.fromBytes(src), nic.mac(), "hello back " + ++answered[0]));
                System.out.println("answered " + answered[0]);
            }
        });
        System.out.println("server ready " + nic.mac());
        while (System.in.read() >= 0) {
            // serve until stdin closes (or the launcher stops us)
        }
    }

    private static boolean ask(Vnetif nic, int count) throws InterruptedException {
        CountDownLatch answers = new CountDownLatch(count);
        nic.listen(frame -> {
            System.out.println("got: " + payload(frame));
            answers.countDown();
        });
        for (int i = 0; i < count; i++) {
            nic.write(frame(MacAddress.BROADCAST, nic.mac(), "hello world"));
        }
        boolean all = answers.await(10, TimeUnit.SECONDS);
        System.out.println(all ? "all " + count + " answered" : "missing " + answers.getCount() + " answers");
        return all;
    }

    static ByteBuffer frame(MacAddress dst, MacAddress src, String text) {
        byte[] bytes = text.getBytes(UTF_8);
        ByteBuffer f = ByteBuffer.allocate(14 + bytes.length);
        f.put(dst.toBytes()).put(src.toBytes()).putShort(ETHERTYPE).put(bytes).flip();
        return f;
    }

    static String payload(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining() - 14];
        frame.get(frame.position() + 14, bytes);
        return new String(bytes, UTF_8);
    }
}
