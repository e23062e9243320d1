package io.vnetif.server;

import io.vnetif.core.ImpairmentLimits;
import io.vnetif.core.SwitchLimits;
import io.vnetif.core.port.RateCap;
import io.vnetif.proto.security.AccessToken;
import io.vnetif.proto.security.Pem;
import io.vnetif.server.control.ControlLimits;
import io.vnetif.server.port.PortLimits;
import io.vnetif.server.tenancy.Tenants;
import io.vnetif.text.BitRate;
import io.vnetif.text.ByteSizes;
import io.vnetif.text.HostPort;
import io.vnetif.text.Percentages;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code java -jar vnetif-switch.jar}: runs a switch until SIGTERM or Ctrl-C. */
@Command(name = "vnetif-switch", mixinStandardHelpOptions = true, version = "vnetif-switch 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs a vnetif switch: virtual Ethernet LANs whose ports attach over gRPC and exchange frames over UDP.")
public final class SwitchMain implements Callable<Integer> {
    /** Exit code when a port cannot be bound. */
    static final int EXIT_BIND_FAILED = 1;
    /**
     * Exit code when the data plane failed for good (an Error on its thread, such as OutOfMemoryError, or a
     * loop that ran no task for --max-loop-stall): EX_SOFTWARE of sysexits.h. A supervisor restarts on it.
     */
    static final int EXIT_DATA_PLANE_FAILED = 70;

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
                    + "Default: the --data host, or if that is a wildcard, the address the client reached --control at "
                    + "(for raw-UDP and VXLAN peers: this host's address on the route to the peer).")
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

    @Option(names = "--max-rules-per-network", paramLabel = "N", defaultValue = "64",
            description = "Impairment rules per network; beyond it AddImpairment fails with RESOURCE_EXHAUSTED. Default: ${DEFAULT-VALUE}")
    int maxRulesPerNetwork;

    @Option(names = "--max-cuts-per-network", paramLabel = "N", defaultValue = "1024",
            description = "One-way cuts per network; beyond it Cut fails with RESOURCE_EXHAUSTED. Default: ${DEFAULT-VALUE}")
    int maxCutsPerNetwork;

    @Option(names = "--max-held-per-network", paramLabel = "SIZE", defaultValue = "64mb",
            description = "Memory that frames held back by delay and rate rules may take on one network (each held copy "
                    + "and queue entry counted as what it takes, not as frame bytes); beyond it frames are dropped as "
                    + "QUEUE_FULL. Default: ${DEFAULT-VALUE}")
    String maxHeldPerNetwork;

    @Option(names = "--max-held", paramLabel = "SIZE",
            description = "The same for every network together. Default: 256mb, or a quarter of the JVM's heap when less")
    String maxHeld;

    @Option(names = "--max-captures", paramLabel = "N", defaultValue = "16",
            description = "Capture sessions at once; beyond it Capture fails with RESOURCE_EXHAUSTED. Default: ${DEFAULT-VALUE}")
    int maxCaptures;

    @Option(names = "--capture-buffer", paramLabel = "SIZE", defaultValue = "64mb",
            description = "Memory for captured frames waiting for slow readers, all sessions together (16mb at most per "
                    + "session); what does not fit is lost to the capture, which is told. Default: ${DEFAULT-VALUE}")
    String captureBuffer;

    @Option(names = "--max-lease-streams", paramLabel = "N", defaultValue = "8192",
            description = "Lease streams open at once; beyond it a new one fails with RESOURCE_EXHAUSTED, and a stream "
                    + "silent for a lease period is closed. Default: ${DEFAULT-VALUE}")
    int maxLeaseStreams;

    @Option(names = "--max-ports-per-client", paramLabel = "N", defaultValue = "4096",
            description = "Ports one client may have attached (a client: a token of --tokens, else an address); beyond it an "
                    + "attach fails with RESOURCE_EXHAUSTED. Default: ${DEFAULT-VALUE}")
    int maxPortsPerClient;

    @Option(names = "--max-networks-per-client", paramLabel = "N", defaultValue = "64",
            description = "Networks a token of --tokens may see before it may create no more. Default: ${DEFAULT-VALUE}")
    int maxNetworksPerClient;

    @Option(names = "--max-captures-per-client", paramLabel = "N", defaultValue = "8",
            description = "Capture sessions one client may have at once. Default: ${DEFAULT-VALUE}")
    int maxCapturesPerClient;

    @Option(names = "--max-lease-streams-per-client", paramLabel = "N", defaultValue = "2048",
            description = "Lease streams one client may have open at once. Default: ${DEFAULT-VALUE}")
    int maxLeaseStreamsPerClient;

    @Option(names = "--max-ports-per-peer", paramLabel = "N", defaultValue = "64",
            description = "Ports that send to one endpoint the switch was told of (a VXLAN peer, a raw-UDP remote, a "
                    + "client_data_endpoint): each frame flooded to them leaves as that many datagrams there. "
                    + "Default: ${DEFAULT-VALUE}")
    int maxPortsPerPeer;

    @Option(names = "--reserved-fds", paramLabel = "N", defaultValue = "256",
            description = "File descriptors kept for control connections and metrics: a raw-UDP port (a socket each) "
                    + "fails with RESOURCE_EXHAUSTED when fewer than this would be left of the process's limit (ulimit -n). "
                    + "Default: ${DEFAULT-VALUE}")
    int reservedFds;

    @Option(names = "--port-max-flood-fps", paramLabel = "N", defaultValue = "" + SwitchLimits.DEFAULT_PORT_FLOODS_PER_SECOND,
            description = "Storm control: frames per second each port may have flooded (broadcast, multicast, unknown "
                    + "unicast; a second's worth at once); the excess is dropped and counted as STORM_CONTROL. 0: no cap. "
                    + "Default: ${DEFAULT-VALUE}")
    long portMaxFloodFps;

    @Option(names = "--network-max-share", paramLabel = "PERCENT", defaultValue = "75%",
            description = "The most of the data-plane thread a network whose frames are expensive (delivered to more than 64 "
                    + "ports each on average, fewer with many impairment rules) may take over 10 ms; beyond it, or far over an "
                    + "equal share while other networks have traffic, twice in a row, its frames are dropped as NETWORK_BUSY "
                    + "for the next 10 ms. Cheap frames are never held back. 100%%: no sharing. Default: ${DEFAULT-VALUE}")
    String networkMaxShare;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve the control port over TLS with this PEM certificate (chain, the switch's own first); needs --tls-key. Default: off")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The unencrypted PKCS#8 PEM private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "FILE",
            description = "Mutual TLS: accept only clients whose certificate a CA in this PEM file signed; needs --tls-cert. Default: off")
    Path tlsClientCa;

    // A file, not the token itself: command lines show in ps and /proc to every user of the host.
    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Require the access token in this file (surrounding whitespace ignored) on every control call, as "
                    + "'authorization: Bearer <token>'; the health service stays open. Default: off")
    Path tokenFile;

    @Option(names = "--tokens", paramLabel = "FILE",
            description = "Require one of the tokens in this file on every control call, each scoped to networks and roles: "
                    + "one line each, NAME TOKEN NETWORKS ROLES (e.g. 'ci-a <token> ci-a,ci-a-* attach,impair,capture,observe'; "
                    + "roles attach, impair, capture, observe, admin; * for every network). Instead of --token-file. Default: off")
    Path tokensFile;

    @Option(names = "--udp-gso", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Send the datagrams of each receive batch that go to one recipient as one segmented send (UDP GSO) "
                    + "where the kernel can (Linux epoll); --no-udp-gso sends one datagram per send. Default: on")
    boolean udpGso;

    @Option(names = "--direct-io", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Read and send datagrams with the switch's own recvmmsg and sendmmsg, allocating nothing per datagram "
                    + "(Linux epoll); --no-direct-io goes through Netty's datagram channel, which allocates packets, addresses "
                    + "and promises per datagram. Default: on")
    boolean directIo;

    @Option(names = "--max-loop-stall", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "A task handed to the data-plane thread waiting this long means the thread is stuck or gone: "
                    + "the switch exits with status 70 (as after an Error such as OutOfMemoryError), for a supervisor to "
                    + "restart it. Default: ${DEFAULT-VALUE}")
    Duration maxLoopStall;

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
        return new CommandLine(new SwitchMain()).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(SwitchMain::badFlag);
    }

    /** A bad flag: its one line and where the help is; the whole help (75 lines) would bury the line. */
    private static int badFlag(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("vnetif-switch: " + e.getMessage());
        err.println("see 'java -jar vnetif-switch.jar --help'");
        return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public Integer call() throws Exception {
        SwitchConfig config = config();
        configureLogging(logLevel);
        SwitchServer server;
        try {
            // Halted, not exited: no shutdown hook runs on an engine that cannot be trusted (or on a heap with no room left);
            // clients see their lease streams break and re-attach, as after kill -9.
            server = SwitchServer.start(config, (where, cause) -> Runtime.getRuntime().halt(EXIT_DATA_PLANE_FAILED));
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("vnetif-switch: " + e.getMessage());
            return EXIT_BIND_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "vnetif-shutdown"));
        haltOnErrorInAnyThread();
        PrintWriter out = spec.commandLine().getOut();
        // One machine-readable line: scripts and tests that start the switch with port 0 read it.
        out.printf("vnetif switch ready: control=%s data=%s transport=%s%s%s %s%n", HostPort.format(server.controlAddress()),
                HostPort.format(server.dataAddress()), server.transport(),
                server.vxlanAddress() == null ? "" : " vxlan=" + HostPort.format(server.vxlanAddress()),
                server.metricsAddress() == null ? "" : " metrics=" + HostPort.format(server.metricsAddress()),
                config.controlSecurity());
        out.flush();
        server.awaitTermination();
        return 0;
    }

    /**
     * An Error that ends any thread (out of memory in gRPC's or the metrics server's threads, say) ends the
     * switch as one on the data plane does: a switch whose control or metrics threads are gone answers
     * nothing, which is worse than a restart.
     */
    private static void haltOnErrorInAnyThread() {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        // Last words that need no memory, written first: with the heap full, even the line after them may not be built.
        byte[] lastWords = ("vnetif-switch: a thread ended with a fatal error; exiting with status " + EXIT_DATA_PLANE_FAILED + "\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.io.FileOutputStream stderr = new java.io.FileOutputStream(java.io.FileDescriptor.err);
        AtomicReference<byte[]> reserve = new AtomicReference<>(new byte[1 << 20]); // let go first, for the line after
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof Error) {
                reserve.set(null);
                try {
                    stderr.write(lastWords);
                    System.err.println("vnetif-switch: thread " + thread.getName() + " ended with " + e);
                } catch (Throwable unsaid) {
                    // out of memory for the details: the status says enough
                } finally {
                    Runtime.getRuntime().halt(EXIT_DATA_PLANE_FAILED);
                }
            } else if (before != null) {
                before.uncaughtException(thread, e);
            } else {
                thread.getThreadGroup().uncaughtException(thread, e); // what the JVM does without a handler
            }
        });
    }

    /** Validates the flags; a bad value fails with picocli's usage error naming the flag. */
    SwitchConfig config() {
        InetSocketAddress controlAddress = parsed("--control", control, HostPort::parse);
        InetSocketAddress dataAddress = parsed("--data", data, HostPort::parse);
        InetSocketAddress vxlanAddress = vxlan == null ? null : parsed("--vxlan", vxlan, HostPort::parse);
        InetSocketAddress metricsAddress = metrics.equals("off") ? null : parsed("--metrics", metrics, HostPort::parse);
        requirePositive("--max-networks", maxNetworks);
        requirePositive("--max-ports-per-network", maxPortsPerNetwork);
        requirePositive("--max-mac-entries", maxMacEntries);
        requireNotNegative("--max-attaches-per-second", maxAttachesPerSecond);
        requireNotNegative("--port-max-fps", portMaxFps);
        requireNotNegative("--port-max-flood-fps", portMaxFloodFps);
        double share = parsed("--network-max-share", networkMaxShare, Percentages::parse);
        if (share == 0) {
            throw usageError("Invalid value for option '--network-max-share': 0% (must be more than 0%)");
        }
        long portMaxBitsPerSecond = portMaxRate.equals("off") ? 0 : parsed("--port-max-rate", portMaxRate, BitRate::parse);
        requirePositive("--max-rules-per-network", maxRulesPerNetwork);
        requirePositive("--max-cuts-per-network", maxCutsPerNetwork);
        long heldPerNetwork = parsed("--max-held-per-network", maxHeldPerNetwork, ByteSizes::parse);
        requirePositive("--max-held-per-network", heldPerNetwork);
        long held = maxHeld == null ? ImpairmentLimits.DEFAULTS.heldBytes() : parsed("--max-held", maxHeld, ByteSizes::parse);
        requirePositive("--max-held", held);
        SwitchLimits limits = new SwitchLimits(maxNetworks, maxPortsPerNetwork, maxMacEntries, macAging.toNanos(),
                new RateCap(portMaxFps, portMaxBitsPerSecond), maxAttachesPerSecond,
                new ImpairmentLimits(maxRulesPerNetwork, maxCutsPerNetwork, heldPerNetwork, held), portMaxFloodFps, share);
        if (tokenFile != null && tokensFile != null) {
            throw usageError("--token-file and --tokens exclude each other: for one token that may do everything, give "
                    + "--tokens a line with * admin");
        }
        Tenants tokens = tokensFile != null ? parsed("--tokens", tokensFile, Tenants::read)
                : tokenFile == null ? null : Tenants.single(parsed("--token-file", tokenFile, AccessToken::read));
        if (maxLoopStall.isZero() || maxLoopStall.isNegative()) {
            throw usageError("Invalid value for option '--max-loop-stall': " + maxLoopStall + " (must be positive)");
        }
        requirePositive("--max-captures", maxCaptures);
        requirePositive("--max-lease-streams", maxLeaseStreams);
        requirePositive("--max-ports-per-client", maxPortsPerClient);
        requirePositive("--max-networks-per-client", maxNetworksPerClient);
        requirePositive("--max-captures-per-client", maxCapturesPerClient);
        requirePositive("--max-lease-streams-per-client", maxLeaseStreamsPerClient);
        requirePositive("--max-ports-per-peer", maxPortsPerPeer);
        requireNotNegative("--reserved-fds", reservedFds);
        long captureBufferBytes = parsed("--capture-buffer", captureBuffer, ByteSizes::parse);
        requirePositive("--capture-buffer", captureBufferBytes);
        return new SwitchConfig(controlAddress, dataAddress, vxlanAddress, metricsAddress, advertiseDataHost, lease, limits, tls(), tokens,
                new DataPlaneTuning(udpGso, directIo, maxLoopStall), new ControlLimits(maxCaptures, captureBufferBytes, maxLeaseStreams,
                        maxCapturesPerClient, maxLeaseStreamsPerClient, maxNetworksPerClient,
                        new PortLimits(maxPortsPerClient, maxPortsPerPeer, reservedFds)));
    }

    private ServerTls tls() {
        if (tlsCert == null) {
            if (tlsKey != null || tlsClientCa != null) {
                throw usageError((tlsKey != null ? "--tls-key" : "--tls-client-ca") + " needs --tls-cert (the switch's certificate)");
            }
            return null;
        }
        if (tlsKey == null) {
            throw usageError("--tls-cert needs --tls-key (the certificate's private key)");
        }
        List<X509Certificate> chain = parsed("--tls-cert", tlsCert, Pem::certificates);
        PrivateKey key = parsed("--tls-key", tlsKey, Pem::privateKey);
        List<X509Certificate> clientAuthorities = tlsClientCa == null ? null : parsed("--tls-client-ca", tlsClientCa, Pem::certificates);
        try {
            return new ServerTls(chain, key, clientAuthorities);
        } catch (IllegalArgumentException e) {
            throw usageError("Invalid value for option '--tls-key': " + tlsKey + ": " + e.getMessage());
        }
    }

    /** {@code parse(value)}, whose IllegalArgumentException says what is wrong, as a usage error naming {@code flag}. */
    private <V, T> T parsed(String flag, V value, Function<V, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw usageError("Invalid value for option '" + flag + "': " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usageError(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private void requirePositive(String flag, long value) {
        if (value <= 0) {
            throw usageError("Invalid value for option '" + flag + "': " + value + " (must be at least 1)");
        }
    }

    private void requireNotNegative(String flag, long value) {
        if (value < 0) {
            throw usageError("Invalid value for option '" + flag + "': " + value + " (must be 0 or more)");
        }
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
