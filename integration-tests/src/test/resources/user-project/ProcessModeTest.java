import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vnetif.client.Vnetif;
import io.vnetif.junit.JvmLauncher;
import io.vnetif.junit.Nic;
import io.vnetif.junit.VnetifTest;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** UserProjectIT's own: a switch process forked from a user's test class path, as testing.md says to set it up. */
@VnetifTest(mode = VnetifTest.Mode.PROCESS)
class ProcessModeTest {
    @Test
    void framesCrossASwitchProcess(@Nic(network = "lab") Vnetif alice, @Nic(network = "lab") Vnetif bob, JvmLauncher jvms)
            throws InterruptedException {
        assertTrue(jvms.switchAddress().startsWith("127.0.0.1:"), jvms.switchAddress());
        BlockingQueue<Integer> lengths = new LinkedBlockingQueue<>();
        bob.listen(frame -> lengths.add(frame.remaining()));
        ByteBuffer frame = ByteBuffer.allocate(60);
        frame.put(bob.mac().toBytes()).put(alice.mac().toBytes()).putShort((short) 0x88B5).position(0);
        alice.write(frame);
        assertEquals(60, lengths.poll(10, TimeUnit.SECONDS));
    }
}
