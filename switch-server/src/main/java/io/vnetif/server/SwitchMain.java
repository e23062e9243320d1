package io.vnetif.server;

import io.vnetif.core.BitRate;
import io.vnetif.core.RateCap;
import io.vnetif.core.SwitchLimits;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar vnetif-switch.jar}: runs a switch until SIGTERM or Ctrl-C. */
@Command(name = "vnetif-switch", mixinStandardHelpOptions = true, version = "vnetif-switch 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs a vnetif switch: virtual Ethernet LANs whose ports attach over gRPC and exchange frames over UDP.")
public final class SwitchMain implements Callable<Integer> {
    /** Exit code when a port cannot be bound. */
    static final int EXIT_BIND_FAILED = 1;

    @Option(names = "--control", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:" + SwitchConfig.DEFAULT_CONTROL_PORT,
            description = "gRPC control address (port 0: any free port). Default: ${DEFAULT-VALUE}")
    String control;

    @Option(names = "--data", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:" + SwitchConfig.DEFAULT_DATA_PORT,
            description = "UDP data-plane address (port 0: any free port). Default: ${DEFAULT-VALUE}")
    String data;

    @Option(names = "--vxlan", paramLabel = "HOST:PORT", arity = "0..1", fallbackValue = "0.0.0.0:" + SwitchConfig.VXLAN_PORT,
            description = "Also listen for VXLAN (RFC 7348) here, so Linux vxlan devices can join (attach them with 'vnetif vxlan'). "
                    + "Without a value: ${FALLBACK-VALUE}. Default: off")
    String vxlan;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:" + SwitchConfig.DEFAULT_METRICS_PORT,
            description = "Prometheus endpoint (http://HOST:PORT/metrics), or 'off'. Default: ${DEFAULT-VALUE}")
    String metrics;

    @Option(names = "--advertise-data-host", paramLabel = "HOST",
            description = "Host that Attach responses name as the data endpoint (for NAT or containers). "
                    + "Default: the --data host, or if that is a wildcard, the address the client reached --control at.")
    String advertiseDataHost;

    @Option(names = "--lease", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "A port whose client stops renewing is removed after this long. Default: ${DEFAULT-VALUE}")
    Duration lease;

    @Option(names = "--mac-aging", paramLabel = "DURATION", defaultValue = "300s", converter = DurationConverter.class,
            description = "Learned MAC entries not refreshed for this long are forgotten. Default: ${DEFAULT-VALUE}")
    Duration macAging;

    @Option(names = "--max-networks", paramLabel = "N", defaultValue = "256",
            description = "Networks that may exist at once (attaching to a new one beyond it fails). Default: ${DEFAULT-VALUE}")
    int maxNetworks;

    @Option(names = "--max-ports-per-network", paramLabel = "N", defaultValue = "1024",
            description = "Ports on one network. Default: ${DEFAULT-VALUE}")
    int maxPortsPerNetwork;

    @Option(names = "--max-mac-entries", paramLabel = "N", defaultValue = "4096",
            description = "Learned MACs per network; beyond it new sources are not learned (frames to them are flooded) "
                    + "and counted as overflows. Default: ${DEFAULT-VALUE}")
    int maxMacEntries;

    @Option(names = "--max-attaches-per-second", paramLabel = "N", defaultValue = "" + SwitchLimits.DEFAULT_ATTACHES_PER_SECOND,
            description = "Attaches accepted per second (a second's worth at once); beyond it attaches fail with "
                    + "RESOURCE_EXHAUSTED and a retry time. 0: no limit. Default: ${DEFAULT-VALUE}")
    int maxAttachesPerSecond;

    @Option(names = "--port-max-fps", paramLabel = "N", defaultValue = "0",
            description = "Frames per second each port may send (100 ms worth at once); the excess is dropped and counted "
                    + "as RATE_LIMITED, so one port cannot starve the others. 0: no cap. Default: ${DEFAULT-VALUE}")
    long portMaxFps;

    @Option(names = "--port-max-rate", paramLabel = "RATE", defaultValue = "off",
            description = "Bits per second each port may send, e.g. 100mbit or 1gbit (100 ms worth at once); the excess "
                    + "is dropped and counted as RATE_LIMITED. Default: ${DEFAULT-VALUE}")
    String portMaxRate;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "error, warn, info, debug or trace. Default: ${DEFAULT-VALUE}")
    LogLevel logLevel;

    enum LogLevel { error, warn, info, debug, trace }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new SwitchMain()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() throws Exception {
        SwitchConfig config = config();
        configureLogging(logLevel);
        SwitchServer server;
        try {
            server = SwitchServer.start(config);
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("vnetif-switch: " + e.getMessage());
            return EXIT_BIND_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "vnetif-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        // One machine-readable line: scripts and tests that start the switch with port 0 read it.
        out.printf("vnetif switch ready: control=%s data=%s transport=%s%s%s%n", HostPort.format(server.controlAddress()),
                HostPort.format(server.dataAddress()), server.transport(),
                server.vxlanAddress() == null ? "" : " vxlan=" + HostPort.format(server.vxlanAddress()),
                server.metricsAddress() == null ? "" : " metrics=" + HostPort.format(server.metricsAddress()));
        out.flush();
        server.awaitTermination();
        return 0;
    }

    /** Validates the flags; a bad value fails with picocli's usage error naming the flag. */
    SwitchConfig config() {
        InetSocketAddress controlAddress = address("--control", control);
        InetSocketAddress dataAddress = address("--data", data);
        InetSocketAddress vxlanAddress = vxlan == null ? null : address("--vxlan", vxlan);
        InetSocketAddress metricsAddress = metrics.equals("off") ? null : address("--metrics", metrics);
        requirePositive("--max-networks", maxNetworks);
        requirePositive("--max-ports-per-network", maxPortsPerNetwork);
        requirePositive("--max-mac-entries", maxMacEntries);
        if (maxAttachesPerSecond < 0) {
            throw usage("--max-attaches-per-second", maxAttachesPerSecond + " (must be 0 or more)");
        }
        if (portMaxFps < 0) {
            throw usage("--port-max-fps", portMaxFps + " (must be 0 or more)");
        }
        SwitchLimits limits = new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntries, macAging.toNanos(),
                new RateCap(portMaxFps, portMaxBitsPerSecond()), maxAttachesPerSecond);
        return new SwitchConfig(controlAddress, dataAddress, vxlanAddress, metricsAddress, advertiseDataHost, lease, limits);
    }

    private long portMaxBitsPerSecond() {
        if (portMaxRate.equals("off")) {
            return 0;
        }
        try {
            return BitRate.parse(portMaxRate);
        } catch (IllegalArgumentException e) {
            throw usage("--port-max-rate", e.getMessage());
        }
    }

    private InetSocketAddress address(String flag, String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw usage(flag, e.getMessage());
        }
    }

    private void requirePositive(String flag, int value) {
        if (value <= 0) {
            throw usage(flag, value + " (must be at least 1)");
        }
    }

    private CommandLine.ParameterException usage(String flag, String problem) {
        return new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '" + flag + "': " + problem);
    }

    /** slf4j-simple reads its level once, at the first logger: set it before anything logs. */
    private static void configureLogging(LogLevel level) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level.name());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
