package io.vnetif.cli;

import io.vnetif.cli.host.Pipe;
import io.vnetif.cli.host.Services;
import io.vnetif.client.NicOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.netstack.NetStack;
import io.vnetif.netstack.TcpOptions;
import io.vnetif.text.ByteSizes;
import io.vnetif.text.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code vnetif host --network lab --ip 198.19.0.5/24 --echo 7}: a TCP/IP host on the LAN in this JVM,
 * without root — vnetif's own stack (docs/netstack.md#a-host-from-the-shell) on a port of the switch. It
 * answers ping and serves echo, discard and source; or it pings, or pipes the terminal to one connection
 * like nc, and ends.
 */
@Command(name = "host", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Runs a TCP/IP host on a network of the switch in this JVM, without root: it answers ARP and ping and serves "
                + "echo, discard and source (TCP and UDP) on the ports given, until stopped.",
        "With --ping it pings and ends; with --connect or --listen it pipes standard input and output to one TCP "
                + "connection, as nc does, and ends when both the peer and standard input have ended."})
final class HostCommand extends SwitchCommand {
    @Mixin
    NetworkName network;

    @Option(names = "--ip", required = true, paramLabel = "ADDRESS/PREFIX", description = "The host's address, e.g. 198.19.0.5/24.")
    String cidr;

    @Option(names = "--ip6", paramLabel = "ADDRESS/PREFIX", description = "An IPv6 address beside the IPv4 one (again for "
            + "another; the link-local one comes from the MAC), e.g. 2001:db8::5/64.")
    List<String> ipv6 = List.of();

    @Option(names = "--gateway", paramLabel = "ADDRESS", description = "Where packets for other networks go, IPv4 or IPv6 (default: none).")
    String gateway;

    @Option(names = "--mtu", defaultValue = "1500", description = "MTU of the port. Default: ${DEFAULT-VALUE}")
    int mtu;

    @Option(names = "--label", description = "Label for listings (default: host ADDRESS).")
    String label;

    @Option(names = "--echo", paramLabel = "PORT", split = ",", description = "Echo service on these ports (TCP and UDP).")
    List<Integer> echo = List.of();

    @Option(names = "--discard", paramLabel = "PORT", split = ",",
            description = "Discard service: reads each connection to its end, prints its size, SHA-256 and rate.")
    List<Integer> discard = List.of();

    @Option(names = "--source", paramLabel = "PORT", split = ",",
            description = "Source service: sends each connection --source-bytes of a fixed pseudo-random stream, prints their SHA-256.")
    List<Integer> source = List.of();

    @Option(names = "--source-bytes", defaultValue = "0", paramLabel = "SIZE",
            description = "Bytes the source sends per connection, e.g. 100mb (0: until the peer closes). Default: ${DEFAULT-VALUE}")
    String sourceBytes;

    @Option(names = "--max-connections", defaultValue = "256", description = "TCP connections served at once. Default: ${DEFAULT-VALUE}")
    int maxConnections;

    @Option(names = "--ping", paramLabel = "ADDRESS", description = "Ping ADDRESS --count times, then end (exit 1 if none answered).")
    String ping;

    @Option(names = "--count", defaultValue = "3", description = "Pings to send. Default: ${DEFAULT-VALUE}")
    int count;

    @Option(names = "--interval", defaultValue = "1s", paramLabel = "DURATION", description = "Time between pings. Default: ${DEFAULT-VALUE}")
    String interval;

    @Option(names = "--connect", paramLabel = "ADDRESS:PORT", description = "Connect, pipe standard input and output to the connection, end with it.")
    String connect;

    @Option(names = "--connect-timeout", defaultValue = "10s", paramLabel = "DURATION", description = "Default: ${DEFAULT-VALUE}")
    String connectTimeout;

    @Option(names = "--listen", paramLabel = "PORT", description = "Accept one connection on PORT, pipe standard input and output to it, end with it.")
    Integer listen;

    @Option(names = "--min-rto", defaultValue = "200ms", paramLabel = "DURATION", description = "TCP's lowest retransmission timeout. Default: ${DEFAULT-VALUE}")
    String minRto;

    @Option(names = "--congestion-control", defaultValue = "cubic", paramLabel = "NAME", description = "cubic or newreno. Default: ${DEFAULT-VALUE}")
    String congestionControl;

    @Option(names = "--stats", description = "When it ends, print the connection table and the stack's counters to standard error.")
    boolean stats;

    /** What --connect and --listen pipe (fields so that a test can give its own). */
    InputStream stdin = System.in;
    OutputStream stdout = System.out;

    private long perConnection;
    private Duration pingInterval;
    private Duration connectWait;

    @Override
    public Integer call() throws Exception {
        checkFlags();
        TcpOptions tcp;
        try {
            tcp = TcpOptions.DEFAULTS.withMinRto(Durations.parsePositive(minRto)).withCongestionControl(congestionControl);
            perConnection = ByteSizes.parse(sourceBytes);
            pingInterval = Durations.parsePositive(interval);
            connectWait = Durations.parsePositive(connectTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (VirtualSwitch sw = VirtualSwitch.remote(connection.target, connection.remoteOptions())) {
            NetStack.Builder builder = NetStack.builder(sw.attach(NicOptions.builder().network(network.name).mtu(mtu)
                    .label(label == null ? "host " + cidr : label).build()));
            NetStack stack;
            try {
                builder.address(cidr).tcp(tcp);
                ipv6.forEach(builder::address);
                if (gateway != null) {
                    builder.gateway(gateway);
                }
                stack = builder.build();
            } catch (IllegalArgumentException | IllegalStateException e) { // a taken IPv6 address too: the user picks another
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            try (stack) {
                try {
                    return run(stack);
                } finally {
                    if (stats) { // before the stack closes: closing resets its connections and ends its thread
                        PrintWriter err = spec.commandLine().getErr();
                        err.print(stack.connectionTable());
                        err.print(stack.statsText());
                        err.flush();
                    }
                }
            }
        }
    }

    private void checkFlags() {
        int modes = (ping != null ? 1 : 0) + (connect != null ? 1 : 0) + (listen != null ? 1 : 0);
        if (modes > 1) {
            throw new ParameterException(spec.commandLine(), "--ping, --connect and --listen exclude each other: give one");
        }
        for (List<Integer> ports : List.of(echo, discard, source)) {
            ports.forEach(this::checkPort);
        }
        if (listen != null) {
            checkPort(listen);
        }
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, not " + count);
        }
        if (maxConnections < 1) {
            throw new ParameterException(spec.commandLine(), "--max-connections must be at least 1, not " + maxConnections);
        }
    }

    private void checkPort(int port) {
        if (port < 1 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "port " + port + " is not in 1..65535");
        }
    }

    private int run(NetStack stack) throws Exception {
        try (Services services = new Services(stack, out(), maxConnections)) {
            for (int port : echo) {
                services.echo(port);
            }
            for (int port : discard) {
                services.discard(port);
            }
            for (int port : source) {
                services.source(port, perConnection);
            }
            if (ping != null) {
                return ping(stack);
            }
            if (connect != null) {
                return pipe(stack, connect);
            }
            if (listen != null) {
                return listen(stack, listen);
            }
            out().println("host " + cidr + " up on network " + network.name + " of " + connection.target + " (mac " + stack.mac() + ")"
                    + services(" echo", echo) + services(" discard", discard) + services(" source", source)
                    + (ipv6.isEmpty() ? "" : " ipv6 " + String.join(",", ipv6)));
            out().flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "vnetif-host-stop"));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // whoever runs this command in a thread of theirs stops it so
            }
            return 0;
        }
    }

    private static String services(String name, List<Integer> ports) {
        return ports.isEmpty() ? "" : name + " " + ports.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();
    }

    private int ping(NetStack stack) throws Exception {
        Duration between = pingInterval;
        int answered = 0;
        for (int seq = 1; seq <= count; seq++) {
            long start = System.nanoTime();
            try {
                Duration rtt = stack.ping(ping, Duration.ofSeconds(2));
                answered++;
                out().printf("64 bytes from %s: icmp_seq=%d time=%.3f ms%n", ping, seq, rtt.toNanos() / 1e6);
            } catch (SocketTimeoutException e) {
                out().printf("no answer from %s: icmp_seq=%d%n", ping, seq);
            }
            out().flush();
            long rest = between.toNanos() - (System.nanoTime() - start);
            if (seq < count && rest > 0) {
                Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000)); // the interval between pings, as ping(8) keeps it
            }
        }
        out().printf("%d sent, %d answered%n", count, answered);
        out().flush();
        return answered > 0 ? 0 : VnetifCli.EXIT_REFUSED;
    }

    private int pipe(NetStack stack, String target) throws IOException {
        int colon = target.lastIndexOf(':');
        int port;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--connect " + target + ": give ADDRESS:PORT, e.g. 198.19.0.7:80");
        }
        try (Socket s = stack.socket()) {
            s.connect(InetSocketAddress.createUnresolved(target.substring(0, colon), port),
                    (int) Math.min(Integer.MAX_VALUE, connectWait.toMillis()));
            Pipe.run(s, stdin, stdout);
        }
        return 0;
    }

    private int listen(NetStack stack, int port) throws IOException {
        try (ServerSocket listening = stack.serverSocket(port, 1)) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("vnetif host: listening on " + cidr.substring(0, cidr.indexOf('/')) + ":" + port); // as nc -l -v says
            err.flush();
            try (Socket s = listening.accept()) {
                err.println("vnetif host: connection from " + s.getInetAddress().getHostAddress() + ":" + s.getPort());
                err.flush();
                Pipe.run(s, stdin, stdout);
            }
        }
        return 0;
    }
}
