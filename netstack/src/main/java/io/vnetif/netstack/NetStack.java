package io.vnetif.netstack;

import io.vnetif.api.MacAddress;
import io.vnetif.client.Vnetif;
import io.vnetif.netstack.core.Stack;
import io.vnetif.netstack.core.StackLoop;
import io.vnetif.netstack.core.VnetifLink;
import io.vnetif.netstack.iface.Ipv4Interface;
import io.vnetif.netstack.socket.SocketContext;
import io.vnetif.netstack.socket.StackDatagramSocket;
import io.vnetif.netstack.socket.StackServerSocket;
import io.vnetif.netstack.socket.StackSocket;
import io.vnetif.netstack.socket.StackServerSocketFactory;
import io.vnetif.netstack.socket.StackSocketFactory;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.stats.TcpInfo;
import io.vnetif.netstack.tcp.TcpConfig;
import io.vnetif.netstack.tcp.TcpConnection;
import io.vnetif.netstack.wire.Ipv4Address;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;

/**
 * A TCP/IP host on a virtual LAN: an IPv4 stack (ARP, IPv4, ICMP, UDP, TCP) on a {@link Vnetif}, so Java
 * code speaks TCP and UDP through ordinary {@code java.net} sockets — on the in-process switch with no
 * sockets of the OS at all, or on a remote switch beside other JVMs and kernel hosts — without root.
 *
 * <pre>{@code
 * try (VirtualSwitch lan = VirtualSwitch.inProcess();
 *      NetStack server = NetStack.on(lan.attach("lab"), "198.19.0.7/24");
 *      NetStack client = NetStack.on(lan.attach("lab"), "198.19.0.5/24");
 *      ServerSocket listening = server.serverSocket(8080);
 *      Socket s = client.socket()) {
 *     s.connect(new InetSocketAddress("198.19.0.7", 8080), 3_000);
 *     ...
 * }
 * }</pre>
 *
 * <p>The stack owns its interface: closing the stack resets its connections and closes the interface.
 * One thread of its own runs every protocol; sockets may be used from any thread.
 */
public final class NetStack implements AutoCloseable {
    private final Vnetif nic;
    private final Stack stack;
    private final StackLoop loop;
    private final SocketContext context;

    private NetStack(Vnetif nic, Stack stack, StackLoop loop, SocketContext context) {
        this.nic = nic;
        this.stack = stack;
        this.loop = loop;
        this.context = context;
    }

    /**
     * A stack on {@code nic} with address and prefix {@code cidr}, e.g. {@code "198.19.0.5/24"}, and the
     * default settings.
     *
     * @throws IllegalArgumentException when {@code cidr} is not an IPv4 address with a prefix length
     */
    public static NetStack on(Vnetif nic, String cidr) {
        return builder(nic).address(cidr).build();
    }

    /** A builder for a stack on {@code nic}; give it at least {@link Builder#address}. */
    public static Builder builder(Vnetif nic) {
        return new Builder(nic);
    }

    /** The stack's address. */
    public InetAddress address() {
        return Ipv4Address.toInet(stack.ip().address());
    }

    public int prefixLength() {
        return stack.ip().prefixLength();
    }

    /** The MAC of its interface. */
    public MacAddress mac() {
        return nic.mac();
    }

    /** An unconnected TCP socket: {@code connect} it (with a timeout, as java.net's are). */
    public Socket socket() {
        return StackSocket.create(context);
    }

    /**
     * A TCP socket connected to {@code host:port} ({@code host} an IPv4 literal or a name given to the builder).
     *
     * @throws IOException when the peer refuses, does not answer, or the host is unknown
     */
    public Socket connect(String host, int port) throws IOException {
        return socketFactory().createSocket(host, port);
    }

    /** A server socket listening on {@code port} (0: an ephemeral port) with a backlog of 50. */
    public ServerSocket serverSocket(int port) throws IOException {
        return serverSocket(port, 50);
    }

    /** A server socket listening on {@code port} with {@code backlog} completed connections waiting at most. */
    public ServerSocket serverSocket(int port, int backlog) throws IOException {
        ServerSocket s = StackServerSocket.create(context);
        s.bind(new InetSocketAddress(port), backlog);
        return s;
    }

    /** A UDP socket bound to {@code port} (0: an ephemeral port). */
    public DatagramSocket datagramSocket(int port) throws SocketException {
        return StackDatagramSocket.bound(context, port);
    }

    /** Sockets of this stack for libraries that take a {@link SocketFactory}. */
    public SocketFactory socketFactory() {
        return new StackSocketFactory(context);
    }

    /** Server sockets of this stack for libraries that take a {@link ServerSocketFactory}. */
    public ServerSocketFactory serverSocketFactory() {
        return new StackServerSocketFactory(context);
    }

    /**
     * Pings {@code host} (ICMP echo with 56 bytes of data) and waits for the answer.
     *
     * @return the round-trip time
     * @throws SocketTimeoutException when no answer came within {@code timeout}
     */
    public Duration ping(String host, Duration timeout) throws IOException {
        int destination = Ipv4Address.of(context.resolve(host));
        CompletableFuture<Long> answer = new CompletableFuture<>();
        int sequence = loop.call(() -> stack.ip().ping(destination, 56, (seq, rtt) -> answer.complete(rtt), stack.now()),
                NetStack::ioException);
        try {
            return Duration.ofNanos(answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            loop.execute(() -> stack.ip().forgetPing(sequence));
            throw new SocketTimeoutException("no echo reply from " + host + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while pinging " + host);
        } catch (ExecutionException e) {
            throw ioException(e.getCause());
        }
    }

    /** Every TCP connection of the stack now, as {@code ss -ti} shows them. */
    public List<TcpInfo> connections() {
        List<TcpInfo> out = onLoop(() -> {
            List<TcpInfo> infos = new ArrayList<>();
            for (TcpConnection c : stack.tcp().connections()) {
                c.lock.lock();
                try {
                    infos.add(c.info());
                } finally {
                    c.lock.unlock();
                }
            }
            return infos;
        });
        out.sort(Comparator.comparingInt((TcpInfo i) -> i.local().getPort()).thenComparingInt(i -> i.remote().getPort()));
        return out;
    }

    /** The connection table, one line per connection, as {@code ss -ti} prints it. */
    public String connectionTable() {
        StringBuilder b = new StringBuilder();
        connections().forEach(i -> b.append(i.line()).append('\n'));
        return b.toString();
    }

    /** Every counter of the stack: what each protocol did, and every drop with its reason. */
    public Map<Counter, Long> stats() {
        return onLoop(() -> stack.counters().snapshot());
    }

    /** The counters that are not zero, grouped by protocol, as {@code netstat -s} prints them. */
    public String statsText() {
        StringBuilder b = new StringBuilder();
        Counter.Protocol group = null;
        for (Map.Entry<Counter, Long> e : stats().entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            if (e.getKey().protocol() != group) {
                group = e.getKey().protocol();
                b.append(group).append(":\n");
            }
            b.append("    ").append(e.getValue()).append(' ').append(e.getKey().description()).append('\n');
        }
        return b.toString();
    }

    /** The ARP cache: address to MAC (absent while resolving). */
    public Map<InetAddress, MacAddress> neighbors() {
        Map<Integer, Long> table = onLoop(() -> stack.ip().neighbors(stack.now()));
        Map<InetAddress, MacAddress> out = new LinkedHashMap<>();
        table.forEach((ip, mac) -> {
            if (mac >= 0) {
                out.put(Ipv4Address.toInet(ip), MacAddress.fromLong(mac));
            }
        });
        return out;
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> read) {
        return loop.call(read, e -> new IllegalStateException("the network stack failed to answer", e));
    }

    private static IOException ioException(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        return new IOException(t.getMessage(), t);
    }

    /** Resets every connection, stops the stack's thread and closes the interface. */
    @Override
    public void close() {
        loop.close(() -> {
            for (TcpConnection c : stack.tcp().connections()) {
                stack.tcp().serve(c, true, stack.now());
            }
        });
        nic.close();
    }

    @Override
    public String toString() {
        return "stack " + Ipv4Address.text(stack.ip().address()) + "/" + stack.ip().prefixLength() + " on " + nic.mac();
    }

    /** Builds a {@link NetStack}: the address, and what differs from the defaults. */
    public static final class Builder {
        private final Vnetif nic;
        private int address = -1;
        private int prefixLength;
        private int gateway;
        private final Map<String, Integer> hosts = new LinkedHashMap<>();
        private final Map<Integer, Long> neighbors = new LinkedHashMap<>();
        private TcpOptions tcp = TcpOptions.DEFAULTS;
        private int inputFrames = 4096;
        private int udpBuffer = 256 * 1024;

        private Builder(Vnetif nic) {
            this.nic = nic;
        }

        /**
         * The stack's address and prefix length, e.g. {@code "198.19.0.5/24"}.
         *
         * @throws IllegalArgumentException naming the text when it is not that
         */
        public Builder address(String cidr) {
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + cidr + "' has no prefix length: write it as address/prefix, e.g. 198.19.0.5/24");
            }
            int prefix;
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("'" + cidr + "': the prefix length must be 0..32");
            }
            this.address = Ipv4Address.parse(cidr.substring(0, slash));
            this.prefixLength = prefix;
            return this;
        }

        /** Where packets to other networks go (without it, only the stack's own network is reachable). */
        public Builder gateway(String ip) {
            this.gateway = Ipv4Address.parse(ip);
            return this;
        }

        /** A name the stack's sockets resolve to {@code ip} (there is no DNS on the LAN). */
        public Builder host(String name, String ip) {
            hosts.put(name, Ipv4Address.parse(ip));
            return this;
        }

        /** A static ARP entry: {@code ip} is at {@code mac}, never asked for. */
        public Builder neighbor(String ip, MacAddress mac) {
            neighbors.put(Ipv4Address.parse(ip), mac.toLong());
            return this;
        }

        /** TCP's settings (buffers, timers, congestion control, options). */
        public Builder tcp(TcpOptions options) {
            this.tcp = options;
            return this;
        }

        /** Frames that may wait for the stack's thread; beyond it they are dropped and counted. */
        public Builder inputQueue(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("the input queue needs room for at least one frame");
            }
            this.inputFrames = frames;
            return this;
        }

        /** Bytes of datagrams a UDP socket holds for its reader (and for the stack to send); beyond it, dropped and counted. */
        public Builder udpBuffer(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("a UDP buffer needs at least one byte");
            }
            this.udpBuffer = bytes;
            return this;
        }

        /**
         * Starts the stack: its thread runs, it listens on the interface and announces its address
         * (gratuitous ARP).
         *
         * @throws IllegalStateException when no address was given
         */
        public NetStack build() {
            if (address == -1) {
                throw new IllegalStateException("a stack needs an address: NetStack.builder(nic).address(\"198.19.0.5/24\")");
            }
            TcpConfig tcpConfig = tcp.toConfig();
            Ipv4Interface.Config ip = new Ipv4Interface.Config(address, prefixLength, gateway, 64, 30_000_000_000L, 64, 4 << 20,
                    600_000_000_000L, 100, 60_000_000_000L, 1_000_000_000L, 3, 1024);
            Stack stack = new Stack(new VnetifLink(nic), ip, tcpConfig, udpBuffer, udpBuffer, System::nanoTime, new SecureRandom());
            neighbors.forEach((n, m) -> stack.ip().addStaticNeighbor(n, m));
            StackLoop loop = new StackLoop(stack, "vnetif-netstack-" + Ipv4Address.text(address), inputFrames,
                    nic.mtu() + io.vnetif.netstack.wire.EthernetHeader.LENGTH);
            SocketContext context = new SocketContext(stack, loop, tcpConfig, Map.copyOf(hosts));
            loop.start();
            nic.listen(loop::frameArrived);
            loop.execute(() -> stack.ip().announce(stack.now()));
            return new NetStack(nic, stack, loop, context);
        }
    }
}
