package io.vnetif.examples;

// docs:begin quick-start
import static java.nio.charset.StandardCharsets.UTF_8;

import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Two interfaces on network "demo": one sends "hello world", the other prints it. */
public class QuickStart {
    /** Argument: a switch's HOST:PORT, or --in-process; none: $VNETIF_SWITCH, else 127.0.0.1:7400. */
    public static void main(String[] args) throws InterruptedException {
        try (VirtualSwitch lan = args.length == 0 ? VirtualSwitch.fromEnvironment()
                     : args[0].equals("--in-process") ? VirtualSwitch.inProcess() : VirtualSwitch.remote(args[0]);
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
    }
}
// docs:end quick-start
