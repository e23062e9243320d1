package io.vnetif.examples;

import static org.awaitility.Awaitility.await;

import io.vnetif.client.NicOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import io.vnetif.junit.Nic;
import io.vnetif.junit.VnetifTest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The snippet of docs/security.md#encrypting-the-data-plane against a switch process: sealed and plain ports share a network. */
@VnetifTest(mode = VnetifTest.Mode.PROCESS)
class EncryptedInterfaceTest {
    @Test
    void anEncryptedInterfaceTalksToAPlainOne(VirtualSwitch lan, @Nic(network = "lab") Vnetif plain) {
        AtomicInteger heard = new AtomicInteger();
        plain.listen(frame -> heard.incrementAndGet());
        // docs:begin encrypted-attach
        Vnetif nic = lan.attach(NicOptions.builder().network("lab").encrypted(true).build());
        // docs:end encrypted-attach
        try (nic) {
            ByteBuffer frame = ByteBuffer.allocate(14 + 50);
            frame.put(plain.mac().toBytes()).put(nic.mac().toBytes()).putShort((short) 0x88B5).position(frame.capacity()).flip();
            nic.write(frame);
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.get() == 1);
        }
    }
}
