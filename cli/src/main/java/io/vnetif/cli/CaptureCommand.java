package io.vnetif.cli;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vnetif.client.SwitchUnreachableException;
import io.vnetif.client.VnetifException;
import io.vnetif.client.pcapng.PcapngWriter;
import io.vnetif.proto.security.FailureDetail;
import io.vnetif.proto.v1.CaptureEvent;
import io.vnetif.proto.v1.CaptureRequest;
import io.vnetif.proto.v1.CapturedFrame;
import io.vnetif.proto.v1.CapturedPort;
import io.vnetif.proto.v1.ListNetworksRequest;
import io.vnetif.proto.v1.ListNetworksResponse;
import io.vnetif.proto.v1.NetworkInfo;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.text.Durations;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vnetif capture --network lab -w out.pcapng}: the switch's frames as pcapng, to a file or to
 * stdout ({@code -w -}) for {@code | tshark -r -} or {@code | wireshark -k -i -}. Ctrl-C ends the
 * capture and leaves a complete file.
 */
@Command(name = "capture", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Captures a network's frames as pcapng: one interface per port, ingress and egress, nanosecond timestamps.",
        "Examples: vnetif capture --network lab -w lab.pcapng",
        "          vnetif capture --network lab -w - | tshark -r -"})
final class CaptureCommand extends SwitchCommand {
    @Mixin
    NetworkName network;

    @Option(names = {"-w", "--write"}, required = true, paramLabel = "FILE", description = "pcapng file, or - for stdout.")
    String file;

    @Option(names = "--port", paramLabel = "PORT", description = "Only this port (label, MAC or #id).")
    String port;

    @Option(names = "--direction", defaultValue = "both", description = "in (as ports send), out (as delivered), or both. Default: ${DEFAULT-VALUE}")
    String direction;

    @Option(names = "--mac", description = "Only frames from or to this MAC.")
    String mac;

    @Option(names = "--ethertype", paramLabel = "TYPE", description = "Only this EtherType (arp, ipv4, ipv6 or a number).")
    String etherType;

    @Option(names = "--snaplen", defaultValue = "0", description = "Bytes kept per frame (0: whole frames).")
    int snapLength;

    @Option(names = {"-c", "--count"}, defaultValue = "0", description = "Stop after this many frames (0: no limit).")
    long count;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long (e.g. 10s).")
    String duration;

    @Override
    public Integer call() {
        CaptureRequest.Builder req = CaptureRequest.newBuilder().setNetwork(network.name).setSnapLength(snapLength).setMaxFrames(count);
        switch (direction) {
            case "in" -> req.setIngress(true);
            case "out" -> req.setEgress(true);
            case "both" -> { }
            default -> throw new IllegalArgumentException("--direction: '" + direction + "' is not in, out or both");
        }
        if (port != null) {
            req.setPort(PortRefs.parse("--port", port));
        }
        if (mac != null) {
            req.setMac(mac);
        }
        if (etherType != null) {
            req.setEtherType(ImpairCommand.etherType(etherType));
        }
        if (duration != null) {
            try {
                req.setDurationMs(Durations.parse(duration).toMillis());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--duration: " + e.getMessage(), e);
            }
        }
        if (Integer.toUnsignedLong(snapLength) > 65535) {
            throw new IllegalArgumentException("--snaplen: " + snapLength + " out of range 0..65535");
        }
        boolean toStdout = file.equals("-");
        if (!toStdout) {
            requireWritableDirectory(Path.of(file));
        }
        ManagedChannel channel = connection.open();
        try {
            // A call before the stream: a switch that is not there (or wants TLS) is reported as such, so a
            // stream that fails later means the switch went away, not that it never answered.
            ListNetworksResponse networks = SwitchServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .listNetworks(ListNetworksRequest.getDefaultInstance());
            if (networks.getNetworksList().stream().noneMatch(n -> n.getName().equals(network.name))) {
                // Capturing a network before anyone attaches is a real use, so not an error; but a typo would
                // otherwise wait for frames that never come without a word.
                spec.commandLine().getErr().println("vnetif capture: no network '" + network.name + "' yet: capturing it from when ports attach"
                        + " (networks now: " + (networks.getNetworksCount() == 0 ? "none" : String.join(", ",
                        networks.getNetworksList().stream().map(NetworkInfo::getName).toList())) + ")");
            }
            return capture(channel, req.build(), toStdout);
        } finally {
            channel.shutdownNow();
        }
    }

    /** A file in a directory that is not there, or not writable, is a bad argument: said before anything is captured. */
    private static void requireWritableDirectory(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--write: cannot write " + target + ": no directory " + dir);
        }
        if (Files.isDirectory(target) || !Files.isWritable(dir) && !Files.isWritable(target)) {
            throw new IllegalArgumentException("--write: cannot write " + target + ": " + (Files.isDirectory(target)
                    ? "it is a directory" : "permission denied"));
        }
    }

    private int capture(ManagedChannel channel, CaptureRequest request, boolean toStdout) {
        OutputStream sink;
        try {
            // Not System.out: a PrintStream swallows the broken pipe of a reader that went away (| head).
            sink = new BufferedOutputStream(toStdout ? new FileOutputStream(FileDescriptor.out) : new FileOutputStream(file));
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("--write: cannot write " + file + ": " + e.getMessage(), e);
        }
        PcapngWriter pcap;
        try {
            pcap = new PcapngWriter(sink);
        } catch (IOException e) {
            throw new VnetifException("cannot write " + file + ": " + e.getMessage(), e);
        }
        Thread onInterrupt = new Thread(() -> {
            channel.shutdownNow(); // ends the stream; the loop below closes the file
            synchronized (pcap) {
                closeQuietly(pcap);
            }
        }, "vnetif-capture-stop");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        long frames = 0;
        long lost = 0;
        try {
            Iterator<CaptureEvent> events = SwitchServiceGrpc.newBlockingStub(channel).capture(request);
            Map<Integer, Integer> interfaces = new HashMap<>();
            String pendingNote = null;
            while (events.hasNext()) {
                CaptureEvent e = events.next();
                synchronized (pcap) {
                    switch (e.getEventCase()) {
                        case PORT -> {
                            CapturedPort p = e.getPort();
                            String name = p.getLabel().isEmpty() ? "port-" + Integer.toUnsignedString(p.getPortId()) : p.getLabel();
                            interfaces.put(p.getPortId(), pcap.addInterface(name, "vnetif port #" + Integer.toUnsignedString(p.getPortId())
                                    + " mac " + p.getMac() + " network " + p.getNetwork()));
                        }
                        case FRAME -> {
                            CapturedFrame f = e.getFrame();
                            pcap.writePacket(interfaces.get(f.getPortId()), f.getTimestampNs(), f.getData().asReadOnlyByteBuffer(),
                                    f.getOriginalLength(), f.getDirection() == CapturedFrame.Direction.INGRESS
                                            ? PcapngWriter.Direction.INBOUND : PcapngWriter.Direction.OUTBOUND, pendingNote);
                            pendingNote = null;
                            frames++;
                            if (toStdout) {
                                pcap.flush();
                            }
                        }
                        case LOSS -> {
                            lost += e.getLoss().getFrames();
                            pendingNote = e.getLoss().getFrames() + " frames before this one were lost: the capture could not keep up";
                        }
                        default -> { }
                    }
                }
            }
        } catch (StatusRuntimeException e) {
            if (channel.isShutdown()) {
                // our own Ctrl-C ended the stream
            } else if (FailureDetail.unreachable(e.getStatus()) || e.getStatus().getCode() == Status.Code.CANCELLED) {
                // The switch answered before the stream began: now it is gone. A killed switch leaves the
                // connection broken (UNAVAILABLE), a stopped one cancels its streams as it shuts down.
                throw new SwitchUnreachableException("the switch at " + connection.address() + " went away during the capture "
                        + "(stopped, killed or restarted: " + FailureDetail.of(e.getStatus(), true) + "); " + frames + " frames written to "
                        + (toStdout ? "stdout" : file), e);
            } else {
                throw e;
            }
        } catch (IOException e) {
            if (!channel.isShutdown()) { // else Ctrl-C closed the file under the loop
                throw new VnetifException("cannot write " + (toStdout ? "stdout" : file) + " after " + frames + " frames: " + e.getMessage(), e);
            }
        } finally {
            synchronized (pcap) {
                closeQuietly(pcap);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running
            }
        }
        spec.commandLine().getErr().println("vnetif capture: " + frames + " frames" + (lost > 0 ? ", " + lost + " lost (slow reader)" : ""));
        return 0;
    }

    private static void closeQuietly(PcapngWriter pcap) {
        try {
            pcap.close();
        } catch (IOException e) {
            // already closed, or the pipe's reader went away
        }
    }
}
