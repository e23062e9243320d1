package io.vnetif.netstack.udp;

import io.netty.util.collection.IntObjectHashMap;
import io.vnetif.netstack.ip.Ipv6Output;
import io.vnetif.netstack.ip.Ipv6Transport;
import io.vnetif.netstack.ip.PacketOutput;
import io.vnetif.netstack.ip.Transport;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.wire.Checksum;
import io.vnetif.netstack.wire.IcmpHeader;
import io.vnetif.netstack.wire.Icmpv6Header;
import io.vnetif.netstack.wire.Ipv4Header;
import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.Ipv6Header;
import io.vnetif.netstack.wire.UdpHeader;
import java.net.BindException;
import java.net.SocketException;
import java.security.SecureRandom;

/**
 * UDP (RFC 768) on the stack, over IPv4 and IPv6 alike: checks each datagram (length; the checksum when
 * present, and over IPv6 it must be, RFC 8200 §8.1), hands it to the endpoint bound to its port whatever
 * its family (a closed port is answered with ICMP's or ICMPv6's port unreachable), and sends what endpoints
 * queued through the output of the destination's family. Confined to the stack's thread.
 */
public final class UdpLayer implements Transport, Ipv6Transport {
    private static final int EPHEMERAL_FIRST = 49152;
    private static final int EPHEMERAL_LAST = 65535;

    private final PacketOutput ip;
    private final Ipv6Output ipv6;
    private final Counters counters;
    private final IntObjectHashMap<UdpEndpoint> endpoints = new IntObjectHashMap<>();
    private final int receiveBuffer;
    private final int sendBuffer;
    private final byte[] scratch = new byte[UdpEndpoint.MAX_PAYLOAD];
    private final byte[] destination6 = new byte[Ipv6Address.LENGTH];
    private int nextEphemeral;

    /** Bytes of datagrams each socket holds for its reader (immutable: any thread may ask). */
    public int receiveBuffer() {
        return receiveBuffer;
    }

    /** Bytes of datagrams each socket holds on their way out (immutable: any thread may ask). */
    public int sendBuffer() {
        return sendBuffer;
    }

    /** @param ipv6 null for a stack without IPv6 */
    public UdpLayer(PacketOutput ip, Ipv6Output ipv6, Counters counters, int receiveBuffer, int sendBuffer, SecureRandom random) {
        this.ip = ip;
        this.ipv6 = ipv6;
        this.counters = counters;
        this.receiveBuffer = receiveBuffer;
        this.sendBuffer = sendBuffer;
        this.nextEphemeral = EPHEMERAL_FIRST + random.nextInt(EPHEMERAL_LAST - EPHEMERAL_FIRST + 1);
    }

    @Override
    public int protocol() {
        return Ipv4Header.PROTOCOL_UDP;
    }

    /**
     * Binds {@code port} (0: an ephemeral one). Call on the stack's thread.
     *
     * @throws BindException when the port is bound already, or no ephemeral port is free
     */
    public UdpEndpoint bind(int port) throws BindException {
        int p = port;
        if (p == 0) {
            for (int tries = 0; tries <= EPHEMERAL_LAST - EPHEMERAL_FIRST && p == 0; tries++) {
                int candidate = nextEphemeral;
                nextEphemeral = candidate == EPHEMERAL_LAST ? EPHEMERAL_FIRST : candidate + 1;
                if (!endpoints.containsKey(candidate)) {
                    p = candidate;
                }
            }
            if (p == 0) {
                throw new BindException("no ephemeral UDP port is free");
            }
        } else if (endpoints.containsKey(p)) {
            throw new BindException("UDP port " + p + " is in use");
        }
        UdpEndpoint e = new UdpEndpoint(p, receiveBuffer, sendBuffer);
        endpoints.put(p, e);
        return e;
    }

    /** Unbinds (the stack's thread): the port is free again; a waiting receiver wakes. */
    public void close(UdpEndpoint e) {
        if (endpoints.get(e.port()) == e) {
            endpoints.remove(e.port());
        }
        e.lock.lock();
        try {
            e.markClosed();
        } finally {
            e.lock.unlock();
        }
    }

    @Override
    public void receive(byte[] f, int ipAt, int at, int length, int source, int destination, long nowNanos) {
        int udpLength = udpLength(f, at, length);
        if (udpLength < 0) {
            return;
        }
        if (UdpHeader.checksum(f, at) != 0 && !Checksum.valid(Checksum.pseudoHeader(source, destination, Ipv4Header.PROTOCOL_UDP, udpLength)
                + Checksum.sum(f, at, udpLength))) {
            counters.increment(Counter.DROP_UDP_BAD_CHECKSUM);
            return;
        }
        deliver(f, ipAt, at, udpLength, source, null);
    }

    @Override
    public void receive6(byte[] f, int ipAt, int at, int length, long nowNanos) {
        int udpLength = udpLength(f, at, length);
        if (udpLength < 0) {
            return;
        }
        if (UdpHeader.checksum(f, at) == 0) {
            counters.increment(Counter.DROP_UDP_ZERO_CHECKSUM); // IPv6 has no header checksum: UDP's is mandatory
            return;
        }
        if (!Checksum.valid(Ipv6Header.pseudoHeaderSum(f, ipAt, Ipv6Header.NEXT_UDP, udpLength) + Checksum.sum(f, at, udpLength))) {
            counters.increment(Counter.DROP_UDP_BAD_CHECKSUM);
            return;
        }
        deliver(f, ipAt, at, udpLength, 0, f);
    }

    /** The datagram's length from its header, or -1 (counted) when it lies. */
    private int udpLength(byte[] f, int at, int length) {
        counters.increment(Counter.UDP_IN);
        if (length < UdpHeader.LENGTH || UdpHeader.length(f, at) < UdpHeader.LENGTH || UdpHeader.length(f, at) > length) {
            counters.increment(Counter.DROP_UDP_MALFORMED);
            return -1;
        }
        return UdpHeader.length(f, at);
    }

    /**
     * A checked datagram of either family to the endpoint of its port, or answered with port unreachable:
     * from the IPv4 address {@code source4} when {@code ipv6Frame} is null, else from the source of the IPv6
     * header at {@code ipAt} of {@code ipv6Frame} (the frame itself: the address is read in place).
     */
    private void deliver(byte[] f, int ipAt, int at, int udpLength, int source4, byte[] ipv6Frame) {
        int sourcePort = UdpHeader.sourcePort(f, at);
        int source6At = ipAt + Ipv6Header.SOURCE_AT;
        UdpEndpoint e = endpoints.get(UdpHeader.destinationPort(f, at));
        if (e == null || !e.accepts(source4, ipv6Frame, source6At, sourcePort)) {
            counters.increment(Counter.DROP_UDP_NO_SOCKET);
            if (ipv6Frame == null) {
                ip.unreachable(f, ipAt, IcmpHeader.CODE_PORT_UNREACHABLE);
            } else {
                ipv6.unreachable(f, ipAt, Icmpv6Header.CODE_PORT_UNREACHABLE);
            }
            return;
        }
        e.lock.lock();
        try {
            if (!e.deliver(source4, ipv6Frame, source6At, sourcePort, f, at + UdpHeader.LENGTH, udpLength - UdpHeader.LENGTH)) {
                counters.increment(Counter.DROP_UDP_QUEUE_FULL);
            }
        } finally {
            e.lock.unlock();
        }
    }

    @Override
    public void icmpError(int type, int code, int nextHopMtu, byte[] frame, int quotedIpAt, long nowNanos) {
        // UDP is connectionless: an unreachable peer shows as unanswered datagrams, as with unconnected java.net sockets.
    }

    @Override
    public void icmpError6(int type, int code, long mtu, byte[] frame, int quotedIpAt, int quotedLength, long nowNanos) {
        // As over IPv4: unanswered datagrams (a packet too big lowered the path MTU before this call already).
    }

    /** Sends what {@code e}'s socket queued (the stack's thread). */
    public void drain(UdpEndpoint e) {
        e.lock.lock();
        try {
            e.unmarkQueued();
            RecordRing outbox = e.outbox();
            while (!outbox.isEmpty()) {
                boolean v6 = outbox.peekIsV6();
                int destination = v6 ? 0 : outbox.peekIp();
                if (v6) {
                    outbox.peekIp6(destination6, 0);
                }
                int port = outbox.peekPort();
                int length = outbox.take(scratch, 0, UdpEndpoint.MAX_PAYLOAD);
                if (v6) {
                    send6(e.port(), Ipv6Address.read(destination6, 0), port, length);
                } else {
                    send(e.port(), destination, port, length);
                }
            }
            e.changed.signalAll();
        } finally {
            e.lock.unlock();
        }
    }

    /** Asks for the stack's attention: true when the caller must wake it (the endpoint was not waiting already). */
    public static boolean needsDrain(UdpEndpoint e) {
        return e.markQueued();
    }

    private void send(int sourcePort, int destination, int port, int length) {
        byte[] out = ip.buffer();
        int at = ip.payloadOffset();
        System.arraycopy(scratch, 0, out, at + UdpHeader.LENGTH, length);
        UdpHeader.write(out, at, sourcePort, port, UdpHeader.LENGTH + length, ip.localAddress(), destination);
        counters.increment(Counter.UDP_OUT);
        ip.send(destination, Ipv4Header.PROTOCOL_UDP, UdpHeader.LENGTH + length, false);
    }

    /** Sends over IPv6, never fragmented: a datagram above the path MTU is the interface's counted drop. */
    private void send6(int sourcePort, Ipv6Address destination, int port, int length) {
        Ipv6Address source = ipv6.sourceFor(destination);
        if (source == null) {
            counters.increment(Counter.DROP_IP6_NO_SOURCE); // its addresses are still tentative, or duplicates
            return;
        }
        byte[] out = ipv6.buffer();
        int at = ipv6.payloadOffset();
        System.arraycopy(scratch, 0, out, at + UdpHeader.LENGTH, length);
        UdpHeader.write(out, at, sourcePort, port, UdpHeader.LENGTH + length, source, destination);
        counters.increment(Counter.UDP_OUT);
        ipv6.send(source, destination, Ipv6Header.NEXT_UDP, UdpHeader.LENGTH + length);
    }

    /** Checks a destination before a datagram is queued: broadcast (IPv4's only: IPv6 has none) needs SO_BROADCAST. */
    public static void checkDestination(UdpEndpoint e, boolean isBroadcast) throws SocketException {
        if (isBroadcast && !e.broadcast()) {
            throw new SocketException("sending to a broadcast address needs SO_BROADCAST (setBroadcast(true))");
        }
    }
}
