package io.vnetif.netstack.udp;

import io.netty.util.collection.IntObjectHashMap;
import io.vnetif.netstack.ip.PacketOutput;
import io.vnetif.netstack.ip.Transport;
import io.vnetif.netstack.stats.Counter;
import io.vnetif.netstack.ip.Counters;
import io.vnetif.netstack.wire.Checksum;
import io.vnetif.netstack.wire.IcmpHeader;
import io.vnetif.netstack.wire.Ipv4Header;
import io.vnetif.netstack.wire.UdpHeader;
import java.net.BindException;
import java.net.SocketException;
import java.security.SecureRandom;

/**
 * UDP (RFC 768) on the stack: checks each datagram (length, checksum when present), hands it to the
 * endpoint bound to its port (a closed port is answered with ICMP port unreachable), and sends what
 * endpoints queued. Confined to the stack's thread.
 */
public final class UdpLayer implements Transport {
    private static final int EPHEMERAL_FIRST = 49152;
    private static final int EPHEMERAL_LAST = 65535;

    private final PacketOutput ip;
    private final Counters counters;
    private final IntObjectHashMap<UdpEndpoint> endpoints = new IntObjectHashMap<>();
    private final int receiveBuffer;
    private final int sendBuffer;
    private final byte[] scratch = new byte[UdpEndpoint.MAX_PAYLOAD];
    private int nextEphemeral;

    /** Bytes of datagrams each socket holds for its reader (immutable: any thread may ask). */
    public int receiveBuffer() {
        return receiveBuffer;
    }

    /** Bytes of datagrams each socket holds on their way out (immutable: any thread may ask). */
    public int sendBuffer() {
        return sendBuffer;
    }

    public UdpLayer(PacketOutput ip, Counters counters, int receiveBuffer, int sendBuffer, SecureRandom random) {
        this.ip = ip;
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
        counters.increment(Counter.UDP_IN);
        if (length < UdpHeader.LENGTH || UdpHeader.length(f, at) < UdpHeader.LENGTH || UdpHeader.length(f, at) > length) {
            counters.increment(Counter.DROP_UDP_MALFORMED);
            return;
        }
        int udpLength = UdpHeader.length(f, at);
        if (UdpHeader.checksum(f, at) != 0 && !Checksum.valid(Checksum.pseudoHeader(source, destination, Ipv4Header.PROTOCOL_UDP, udpLength)
                + Checksum.sum(f, at, udpLength))) {
            counters.increment(Counter.DROP_UDP_BAD_CHECKSUM);
            return;
        }
        int sourcePort = UdpHeader.sourcePort(f, at);
        UdpEndpoint e = endpoints.get(UdpHeader.destinationPort(f, at));
        if (e == null || !e.accepts(source, sourcePort)) {
            counters.increment(Counter.DROP_UDP_NO_SOCKET);
            ip.unreachable(f, ipAt, IcmpHeader.CODE_PORT_UNREACHABLE);
            return;
        }
        e.lock.lock();
        try {
            if (!e.deliver(source, sourcePort, f, at + UdpHeader.LENGTH, udpLength - UdpHeader.LENGTH)) {
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

    /** Sends what {@code e}'s socket queued (the stack's thread). */
    public void drain(UdpEndpoint e) {
        e.lock.lock();
        try {
            e.unmarkQueued();
            RecordRing outbox = e.outbox();
            while (!outbox.isEmpty()) {
                int destination = outbox.peekIp();
                int port = outbox.peekPort();
                int length = outbox.take(scratch, 0, UdpEndpoint.MAX_PAYLOAD);
                send(e.port(), destination, port, length);
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

    /** Checks a destination before a datagram is queued: broadcast needs SO_BROADCAST. */
    public static void checkDestination(UdpEndpoint e, int destination, boolean isBroadcast) throws SocketException {
        if (isBroadcast && !e.broadcast()) {
            throw new SocketException("sending to a broadcast address needs SO_BROADCAST (setBroadcast(true))");
        }
    }
}
