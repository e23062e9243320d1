package io.vnetif.cli;

import com.sun.jna.LastErrorException;
import io.vnetif.client.NicOptions;
import io.vnetif.client.Vnetif;
import io.vnetif.client.VirtualSwitch;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vnetif tap --network lab --dev vt0}: a Linux TAP device bridged to a port of the switch, so the
 * host's kernel (or a VM on the TAP) joins the LAN. Runs until Ctrl-C / SIGTERM.
 */
@Command(name = "tap", mixinStandardHelpOptions = true, description = {
        "Bridges a Linux TAP device to a network of the switch (needs CAP_NET_ADMIN). Runs until stopped.",
        "Then: ip link set DEV up; ip addr add ADDRESS/PREFIX dev DEV"})
final class TapCommand extends SwitchCommand {
    @Mixin
    NetworkName network;

    @Option(names = "--dev", defaultValue = "vnetif0", description = "TAP device name (created if missing). Default: ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--mtu", defaultValue = "1500", description = "MTU of the port. Default: ${DEFAULT-VALUE}")
    int mtu;

    @Option(names = "--label", description = "Label for listings (default: the device name).")
    String label;

    @Override
    public Integer call() throws InterruptedException {
        TapDevice tap = TapDevice.open(device);
        VirtualSwitch sw = VirtualSwitch.remote(connection.target);
        Vnetif nic;
        try {
            nic = sw.attach(NicOptions.builder().network(network.name).mtu(mtu).label(label == null ? tap.name() : label)
                    .allowForeignSourceMacs(true).build()); // the kernel behind the TAP uses MACs of its own
        } catch (RuntimeException e) {
            tap.close();
            sw.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sw.close();
            stopped.countDown();
        }, "vnetif-tap-stop"));
        nic.listen(frame -> {
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            tap.write(bytes, bytes.length);
        });
        Thread reader = new Thread(() -> pump(tap, nic), "vnetif-tap-read");
        reader.setDaemon(true);
        reader.start();
        out().println("tap " + tap.name() + " bridged to network " + network.name + " of " + connection.target
                + " (port mac " + nic.mac() + "); bring it up: ip link set " + tap.name() + " up");
        out().flush();
        stopped.await();
        return 0;
    }

    /** Kernel → switch: every frame the kernel sends on the TAP. */
    private void pump(TapDevice tap, Vnetif nic) {
        byte[] buffer = new byte[65536];
        while (true) {
            int length;
            try {
                length = tap.read(buffer);
            } catch (LastErrorException e) {
                spec.commandLine().getErr().println("vnetif tap: reading " + tap.name() + " failed: " + e.getMessage());
                return;
            }
            try {
                nic.write(ByteBuffer.wrap(buffer, 0, length));
            } catch (IllegalArgumentException e) { // FrameTooLargeException too
                // A frame the port cannot carry (MTU of the TAP above the port's): a NIC drops it too.
                spec.commandLine().getErr().println("vnetif tap: dropped a frame from " + tap.name() + ": " + e.getMessage());
            } catch (IllegalStateException e) {
                return; // closed
            }
        }
    }
}
