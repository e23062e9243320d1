package io.vnetif.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vnetif.client.Vnetif;
import io.vnetif.client.VnetifException;
import io.vnetif.client.VirtualSwitch;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * README.md#the-first-example: two interfaces on network "demo" of a running switch; one sends "hello world",
 * the other prints it. {@code java -jar vnetif-examples.jar [switch-address]}; with {@code --in-process}
 * it runs the same code on the in-process switch, no server needed.
 */
public final class QuickStart {
    private QuickStart() {
    }

    public static void main(String[] args) throws InterruptedException {
        String address = args.length > 0 ? args[0] : "127.0.0.1:7400";
        try {
            run(address, address.equals("--in-process"));
        } catch (VnetifException | IllegalStateException e) {
            System.err.println("quickstart: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String address, boolean inProcess) throws InterruptedException {
        // docs:begin quick-start
        try (VirtualSwitch lan = inProcess ? VirtualSwitch.inProcess() : VirtualSwitch.remote(address);
             Vnetif alice = lan.attach("demo");
             Vnetif bob = lan.attach("demo")) {
            CountDownLatch received = new CountDownLatch(1);
            bob.listen(frame -> {                        // runs on bob's listener thread
                byte[] payload = new byte[frame.remaining() - 14];
                frame.position(frame.position() + 14).get(payload);
                System.out.println("bob got: " + new String(payload, UTF_8));
                received.countDown();
            });

            byte[] text = "hello world".getBytes(UTF_8);  // an Ethernet frame: dst, src, EtherType, payload
            ByteBuffer frame = ByteBuffer.allocate(14 + text.length);
            frame.put(bob.mac().toBytes()).put(alice.mac().toBytes()).putShort((short) 0x88B5).put(text).flip();
            alice.write(frame);

            if (!received.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("bob received nothing");
            }
            System.out.println("alice " + alice.mac() + " " + alice.stats());
            System.out.println("bob   " + bob.mac() + " " + bob.stats());
        }
        // docs:end quick-start
    }
}
