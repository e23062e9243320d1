package io.vnetif.examples;

// docs:begin hello-test
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vnetif.client.Vnetif;
import io.vnetif.junit.Nic;
import io.vnetif.junit.VnetifTest;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@VnetifTest
class HelloTest {
    @Test
    void bobHearsAlice(@Nic(network = "lab") Vnetif alice, @Nic(network = "lab") Vnetif bob) throws InterruptedException {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        bob.listen(frame -> {
            byte[] payload = new byte[frame.remaining() - 14];
            frame.get(frame.position() + 14, payload);
            heard.add(new String(payload));
        });

        ByteBuffer hello = ByteBuffer.allocate(14 + 5);                 // dst, src, EtherType, payload
        hello.put(bob.mac().toBytes()).put(alice.mac().toBytes()).putShort((short) 0x88B5).put("hello".getBytes()).flip();
        alice.write(hello);

        assertEquals("hello", heard.poll(5, TimeUnit.SECONDS));          // waits at most 5 s for bob's frame
    }
}
// docs:end hello-test
