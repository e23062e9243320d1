package io.vnetif.netstack;

import io.vnetif.api.MacAddress;
import io.vnetif.client.Vnetif;
import io.vnetif.netstack.core.Stack;
import io.vnetif.netstack.core.StackLoop;
import io.vnetif.netstack.core.VnetifLink;
import io.vnetif.netstack.iface.Ipv4Interface;
import io.vnetif.netstack.iface.Ipv6Interface;
import io.vnetif.netstack.iface.PingReply;
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
import io.vnetif.netstack.tcp.TcpListener;
import io.vnetif.netstack.wire.IpAddress;
import io.vnetif.netstack.wire.Ipv4Address;
import io.vnetif.netstack.wire.Ipv6Address;
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
 * Given IPv6 addresses too, it is an IPv6 host beside (neighbour discovery, duplicate address detection,
 * MLD, ICMPv6, ping and TCP; docs/netstack.md#ipv6 says what it does not do yet).
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
    private final List<Runnable> onClose = new java.util.concurrent.CopyOnWriteArrayList<>();

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

    /** The stack's IPv4 address. */
    public InetAddress address() {
        return Ipv4Address.toInet(stack.ip().address());
    }

    /**
     * Every address the stack uses now: the IPv4 one, then (with IPv6) the link-local address from the MAC and
     * the IPv6 addresses given, those that duplicate address detection found free.
     */
    public List<InetAddress> addresses() {
        List<InetAddress> out = new ArrayList<>();
        out.add(address());
        if (stack.ipv6() != null) {
            onLoop(() -> stack.ipv6().addresses()).stream().filter(a -> a.state().equals("PREFERRED"))
                    .forEach(a -> out.add(a.address().toInet()));
        }
        return out;
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

    /**
     * Opens a TCP connection to {@code remote} from {@code localPort} (0: an ephemeral port) without waiting for
     * the handshake: for event-driven frameworks, which {@link TcpStream#watch watch} it (java.net users take
     * {@link #socket()}).
     *
     * @throws IOException when {@code remote} is an unknown name, the four-tuple is taken, or the stack holds its limit
     */
    public TcpStream openStream(InetSocketAddress remote, int localPort) throws IOException {
        InetAddress address = remote.isUnresolved() ? context.resolve(remote.getHostString()) : remote.getAddress();
        IpAddress remoteIp = IpAddress.of(address);
        int remotePort = remote.getPort();
        TcpConnection c = loop.call(() -> stack.tcp().connect(remoteIp, remotePort, localPort, false, false, stack.now()),
                NetStack::ioException);
        return new TcpStream(context, c);
    }

    /**
     * Listens on {@code port} (0: an ephemeral port) for event-driven frameworks, with {@code backlog} completed
     * connections waiting at most (java.net users take {@link #serverSocket(int)}).
     *
     * @throws IOException when the port has a listener already
     */
    public TcpStreamListener listenStreams(int port, int backlog) throws IOException {
        TcpListener l = loop.call(() -> stack.tcp().listen(port, backlog <= 0 ? 50 : backlog), NetStack::ioException);
        return new TcpStreamListener(context, l);
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
     * Pings {@code host} (ICMP echo, or ICMPv6 echo to an IPv6 literal, with 56 bytes of data) and waits for
     * the answer.
     *
     * @return the round-trip time
     * @throws SocketTimeoutException when no answer came within {@code timeout}
     */
    public Duration ping(String host, Duration timeout) throws IOException {
        CompletableFuture<Long> answer = new CompletableFuture<>();
        PingReply reply = (seq, rtt) -> answer.complete(rtt);
        int sequence;
        Runnable forget;
        if (host.indexOf(':') >= 0) {
            Ipv6Address destination = ipv6Literal(host);
            sequence = loop.call(() -> stack.ipv6().ping(destination, 56, reply, stack.now()), NetStack::ioException);
            forget = () -> stack.ipv6().forgetPing(sequence);
        } else {
            int destination = Ipv4Address.of(context.resolve(host));
            sequence = loop.call(() -> stack.ip().ping(destination, 56, reply, stack.now()), NetStack::ioException);
            forget = () -> stack.ip().forgetPing(sequence);
        }
        try {
            return Duration.ofNanos(answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            loop.execute(forget);
            throw new SocketTimeoutException("no echo reply from " + host + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while pinging " + host);
        } catch (ExecutionException e) {
            throw ioException(e.getCause());
        }
    }

    private Ipv6Address ipv6Literal(String host) throws IOException {
        if (stack.ipv6() == null) {
            throw new SocketException("this stack has no IPv6 address to reach " + host + " from: give it one, "
                    + "NetStack.builder(nic).address(\"2001:db8::5/64\")");
        }
        try {
            return Ipv6Address.parse(host);
        } catch (IllegalArgumentException e) {
            throw new java.net.UnknownHostException(e.getMessage());
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

    /** The ARP cache, then the IPv6 neighbour cache: address to MAC (absent while resolving). */
    public Map<InetAddress, MacAddress> neighbors() {
        Map<Integer, Long> table = onLoop(() -> stack.ip().neighbors(stack.now()));
        Map<InetAddress, MacAddress> out = new LinkedHashMap<>();
        table.forEach((ip, mac) -> {
            if (mac >= 0) {
                out.put(Ipv4Address.toInet(ip), MacAddress.fromLong(mac));
            }
        });
        if (stack.ipv6() != null) {
            onLoop(() -> stack.ipv6().neighbors()).forEach((ip, mac) -> {
                if (mac >= 0) {
                    out.put(ip.toInet(), MacAddress.fromLong(mac));
                }
            });
        }
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

    /** Waits for duplicate address detection of the IPv6 addresses; a duplicate closes the stack and is the caller's error. */
    private void awaitAddresses() {
        CompletableFuture<List<Ipv6Interface.AddressState>> settled = new CompletableFuture<>();
        loop.execute(() -> stack.ipv6().whenSettled(() -> settled.complete(stack.ipv6().addresses())));
        List<Ipv6Interface.AddressState> states;
        try {
            states = settled.get(30, TimeUnit.SECONDS); // detection takes 2 s at most: 30 s means the stack's thread is stuck
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while the stack's IPv6 addresses were checked for duplicates", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("duplicate address detection did not finish: the stack's thread does not run", e);
        }
        List<String> taken = states.stream().filter(a -> a.state().equals("DUPLICATE")).map(a -> a.address().toString()).toList();
        if (!taken.isEmpty()) {
            close();
            throw new IllegalStateException(String.join(", ", taken) + " already in use on the LAN (duplicate address detection, "
                    + "RFC 4862): give this stack another address");
        }
    }

    /**
     * Runs {@code action} when the stack closes, after its connections were reset (e.g. to shut down an event loop
     * group made for the stack); actions run in the order given, on the thread that closes the stack.
     */
    public void onClose(Runnable action) {
        onClose.add(action);
    }

    /** Resets every connection, stops the stack's thread, closes the interface, then runs the {@link #onClose} actions. */
    @Override
    public void close() {
        loop.close(() -> {
            for (TcpConnection c : stack.tcp().connections()) {
                stack.tcp().serve(c, true, stack.now());
            }
        });
        nic.close();
        for (Runnable action : onClose) {
            action.run();
        }
        onClose.clear();
    }

    @Override
    public String toString() {
        return "stack " + Ipv4Address.text(stack.ip().address()) + "/" + stack.ip().prefixLength() + " on " + nic.mac()
                + (stack.ipv6() == null ? "" : " with IPv6");
    }

    /** Builds a {@link NetStack}: the address, and what differs from the defaults. */
    public static final class Builder {
        private final Vnetif nic;
        private int address = -1;
        private int prefixLength;
        private int gateway;
        private final Map<String, Integer> hosts = new LinkedHashMap<>();
        private final Map<Integer, Long> neighbors = new LinkedHashMap<>();
        private final List<Ipv6Interface.Address> ipv6 = new ArrayList<>();
        private Ipv6Address gateway6;
        private final Map<Ipv6Address, Long> neighbors6 = new LinkedHashMap<>();
        private TcpOptions tcp = TcpOptions.DEFAULTS;
        private int inputFrames = 4096;
        private int udpBuffer = 256 * 1024;

        private Builder(Vnetif nic) {
            this.nic = nic;
        }

        /**
         * The stack's address and prefix length: its IPv4 address, e.g. {@code "198.19.0.5/24"}, or an IPv6
         * address, e.g. {@code "2001:db8::5/64"} (called again, another IPv6 address; the link-local one comes
         * from the MAC). An IPv4 address is needed in any case.
         *
         * @throws IllegalArgumentException naming the text when it is not that
         */
        public Builder address(String cidr) {
            boolean v6 = cidr.indexOf(':') >= 0;
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + cidr + "' has no prefix length: write it as address/prefix, e.g. "
                        + (v6 ? "2001:db8::5/64" : "198.19.0.5/24"));
            }
            int prefix;
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > (v6 ? 128 : 32)) {
                throw new IllegalArgumentException("'" + cidr + "': the prefix length must be 0.." + (v6 ? 128 : 32));
            }
            if (v6) {
                Ipv6Interface.Address a = new Ipv6Interface.Address(Ipv6Address.parse(cidr.substring(0, slash)), prefix);
                if (a.address().isLinkLocal() || ipv6.stream().anyMatch(o -> o.address().equals(a.address()))) {
                    throw new IllegalArgumentException("'" + cidr + "': given twice, or link-local (that one comes from the MAC)");
                }
                ipv6.add(a);
                return this;
            }
            this.address = Ipv4Address.parse(cidr.substring(0, slash));
            this.prefixLength = prefix;
            return this;
        }

        /**
         * Where packets to other networks go (without it, only the stack's own networks are reachable): an
         * IPv4 router, or an IPv6 one (usually its link-local address).
         */
        public Builder gateway(String ip) {
            if (ip.indexOf(':') >= 0) {
                this.gateway6 = Ipv6Address.parse(ip);
            } else {
                this.gateway = Ipv4Address.parse(ip);
            }
            return this;
        }

        /** A name the stack's sockets resolve to {@code ip} (there is no DNS on the LAN). */
        public Builder host(String name, String ip) {
            hosts.put(name, Ipv4Address.parse(ip));
            return this;
        }

        /** A static ARP (or, for an IPv6 address, neighbour cache) entry: {@code ip} is at {@code mac}, never asked for. */
        public Builder neighbor(String ip, MacAddress mac) {
            if (ip.indexOf(':') >= 0) {
                neighbors6.put(Ipv6Address.parse(ip), mac.toLong());
            } else {
                neighbors.put(Ipv4Address.parse(ip), mac.toLong());
            }
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
         * (gratuitous ARP). With IPv6 addresses, it returns once duplicate address detection has found them
         * free (one to two seconds, RFC 4862).
         *
         * @throws IllegalStateException when no IPv4 address was given, or another node on the LAN uses an
         *                               IPv6 address given (the stack is closed then)
         */
        public NetStack build() {
            if (address == -1) {
                throw new IllegalStateException("a stack needs an IPv4 address (IPv6 comes beside it): NetStack.builder(nic).address(\"198.19.0.5/24\")");
            }
            TcpConfig tcpConfig = tcp.toConfig();
            Ipv4Interface.Config ip = new Ipv4Interface.Config(address, prefixLength, gateway, 64, 30_000_000_000L, 64, 4 << 20,
                    600_000_000_000L, 100, 60_000_000_000L, 1_000_000_000L, 3, 1024);
            Ipv6Interface.Config ip6 = ipv6.isEmpty() ? null : Ipv6Interface.Config.defaults(ipv6, gateway6);
            Stack stack = new Stack(new VnetifLink(nic), ip, ip6, tcpConfig, udpBuffer, udpBuffer, System::nanoTime, new SecureRandom());
            neighbors.forEach((n, m) -> stack.ip().addStaticNeighbor(n, m));
            if (ip6 != null) {
                neighbors6.forEach((n, m) -> stack.ipv6().addStaticNeighbor(n, m));
            }
            StackLoop loop = new StackLoop(stack, "vnetif-netstack-" + Ipv4Address.text(address), inputFrames,
                    nic.mtu() + io.vnetif.netstack.wire.EthernetHeader.LENGTH);
            SocketContext context = new SocketContext(stack, loop, tcpConfig, Map.copyOf(hosts));
            loop.start();
            nic.listen(loop::frameArrived);
            loop.execute(() -> stack.ip().announce(stack.now()));
            NetStack built = new NetStack(nic, stack, loop, context);
            if (ip6 != null) {
                built.awaitAddresses();
            }
            return built;
        }
    }
}
