package io.vnetif.cli;

import com.sun.jna.LastErrorException;
import io.vnetif.client.NicOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
        VirtualSwitch sw = VirtualSwitch.remote(connection.address().toString(), connection.remoteOptions());
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
        AtomicLong refused = new AtomicLong();
        nic.listen(frame -> {
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            try {
                tap.write(bytes, bytes.length);
            } catch (LastErrorException e) {
                // EIO while the device is down: the kernel refuses, as it would on a NIC without carrier.
                if (refused.getAndIncrement() == 0) {
                    spec.commandLine().getErr().println("vnetif tap: " + tap.name() + " refuses frames (" + e.getMessage()
                            + "); is it up? (ip link set " + tap.name() + " up)");
                }
            }
        });
        AtomicInteger exitCode = new AtomicInteger();
        Thread reader = new Thread(() -> {
            if (!pump(tap, nic)) {
                exitCode.set(VnetifCli.EXIT_REFUSED);
            }
            stopped.countDown(); // one direction is gone: do not pretend to bridge
        }, "vnetif-tap-read");
        reader.setDaemon(true);
        reader.start();
        out().println("tap " + tap.name() + " bridged to network " + network.name + " of " + connection.address()
                + " (port mac " + nic.mac() + "); bring it up: ip link set " + tap.name() + " up"
                + (mtu == 1500 ? "" : " mtu " + mtu));
        out().flush();
        stopped.await();
        sw.close();
        tap.close();
        return exitCode.get();
    }

    /**
     * Kernel → switch: every frame the kernel sends on the TAP.
     *
     * @return false when it ended on an error (the device went away), true when the port was closed
     */
    private boolean pump(TapDevice tap, Vnetif nic) {
        long tooLarge = 0;
        while (true) {
            ByteBuffer frame;
            try {
                frame = tap.read();
            } catch (LastErrorException e) {
                spec.commandLine().getErr().println("vnetif tap: reading " + tap.name() + " failed: " + e.getMessage());
                return false;
            }
            try {
                nic.write(frame);
            } catch (IllegalArgumentException e) { // FrameTooLargeException too
                // The TAP's MTU is above the port's: a NIC drops such frames too. Say it once.
                if (tooLarge++ == 0) {
                    spec.commandLine().getErr().println("vnetif tap: dropping frames from " + tap.name() + ": " + e.getMessage()
                            + " (set the device's MTU: ip link set " + tap.name() + " mtu " + nic.mtu() + ")");
                }
            } catch (IllegalStateException e) {
                return true; // closed
            }
        }
    }
}
