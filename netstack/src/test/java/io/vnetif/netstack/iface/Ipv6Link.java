package io.vnetif.netstack.iface;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.netstack.core.SeededRandom;
import io.vnetif.netstack.core.Stack;
import io.vnetif.netstack.tcp.TcpConfig;
import io.vnetif.netstack.wire.Bytes;
import io.vnetif.netstack.wire.EthernetHeader;
import io.vnetif.netstack.wire.IcmpHeader;
import io.vnetif.netstack.wire.Icmpv6Header;
import io.vnetif.netstack.wire.Ipv4Address;
import io.vnetif.netstack.wire.Ipv6Address;
import io.vnetif.netstack.wire.Ipv6Header;
import io.vnetif.netstack.wire.Ipv6Payload;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * A dual stack on virtual time on a link the script holds, for IPv6 scripts: the script injects exact
 * ICMPv6 packets from a peer and takes the stack's frames one by one, with the time each left. No thread,
 * no sleep: time jumps to the stack's next timer.
 */
final class Ipv6Link implements Link {
    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;
    static final long STACK_MAC = 0x02_00_00_00_00_01L;
    static final long PEER_MAC = 0x02_00_00_00_00_02L;
    static final Ipv6Address STACK_IP = Ipv6Address.parse("2001:db8::5");
    static final Ipv6Address PEER_IP = Ipv6Address.parse("2001:db8::2");
    static final Ipv6Address PEER_LINK_LOCAL = Ipv6Address.linkLocal(PEER_MAC);

    /** A frame the stack sent, and when. */
    record Sent(long at, byte[] frame) {
        int ipAt() {
            return EthernetHeader.LENGTH;
        }

        long destinationMac() {
            return EthernetHeader.destination(frame);
        }

        Ipv6Address source() {
            return Ipv6Address.read(frame, EthernetHeader.LENGTH + Ipv6Header.SOURCE_AT);
        }

        Ipv6Address destination() {
            return Ipv6Address.read(frame, EthernetHeader.LENGTH + Ipv6Header.DESTINATION_AT);
        }

        int hopLimit() {
            return Ipv6Header.hopLimit(frame, EthernetHeader.LENGTH);
        }

        /** The upper-layer message (past extension headers): its offset in {@link #frame}. */
        int messageAt() {
            Ipv6Payload p = new Ipv6Payload();
            assertThat(p.read(frame, EthernetHeader.LENGTH)).isNull();
            return p.at;
        }

        int messageLength() {
            return frame.length - messageAt();
        }

        int icmpType() {
            return IcmpHeader.type(frame, messageAt());
        }

        boolean checksumValid() {
            return Icmpv6Header.checksumValid(frame, EthernetHeader.LENGTH, messageAt(), messageLength());
        }

        @Override
        public String toString() {
            return String.format("%.3f s: %s -> %s type %d", at / 1e9, source(), destination(), icmpType());
        }
    }

    final Stack stack;
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private final int mtu;
    private long now = 1_000 * MS;

    Ipv6Link(Ipv6Interface.Config config) {
        this(config, 1500);
    }

    Ipv6Link(Ipv6Interface.Config config, int mtu) {
        this.mtu = mtu;
        this.stack = new Stack(this, new Ipv4Interface.Config(Ipv4Address.parse("198.19.0.1"), 24, 0, 64, 30 * S, 64, 1 << 20, 600 * S, 1000,
                60 * S, S, 3, 1024), config, TcpConfig.DEFAULTS, 64 * 1024, 64 * 1024, () -> now, SeededRandom.of(7));
    }

    /** The defaults, the stack's address 2001:db8::5/64, no router. */
    static Ipv6Interface.Config config() {
        return Ipv6Interface.Config.defaults(List.of(new Ipv6Interface.Address(STACK_IP, 64)), null);
    }

    Ipv6Interface ip() {
        return stack.ipv6();
    }

    long now() {
        return now;
    }

    @Override
    public long mac() {
        return STACK_MAC;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public void transmit(byte[] frame, int length) {
        if (EthernetHeader.type(frame) == EthernetHeader.TYPE_IPV6) {
            sent.add(new Sent(now, Arrays.copyOf(frame, length)));
        }
    }

    /** Moves time on by {@code nanos}, running every timer that falls due on the way. */
    void advance(long nanos) {
        long end = now + nanos;
        while (stack.nextDeadline() <= end) {
            now = Math.max(now, stack.nextDeadline());
            stack.advance();
        }
        now = end;
        stack.advance();
    }

    /** The next IPv6 frame the stack sent, now or by timers within {@code withinNanos}; fails when none comes. */
    Sent expect(long withinNanos) {
        long end = now + withinNanos;
        while (sent.isEmpty() && stack.nextDeadline() <= end) {
            now = Math.max(now, stack.nextDeadline());
            stack.advance();
        }
        assertThat(sent).as("a frame from the stack within %d ms", withinNanos / MS).isNotEmpty();
        Sent s = sent.poll();
        assertThat(s.checksumValid()).as("the checksum of %s", s).isTrue();
        return s;
    }

    /** The next frame of ICMPv6 {@code type} within {@code withinNanos}, passing over others (MLD reports, say). */
    Sent expectType(int type, long withinNanos) {
        long end = now + withinNanos;
        while (true) {
            Sent s = expect(Math.max(0, end - now));
            if (s.icmpType() == type) {
                return s;
            }
        }
    }

    /** Nothing of ICMPv6 {@code type} for {@code nanos}: time moves on that far. */
    void expectNoneOf(int type, long nanos) {
        advance(nanos);
        assertThat(sent.stream().filter(s -> s.icmpType() == type)).as("frames of type %d", type).isEmpty();
        sent.clear();
    }

    void discardSent() {
        sent.clear();
    }

    /**
     * Injects an ICMPv6 message from the peer: {@code message} (type, code, 4 bytes, body; checksum filled
     * in here) from {@code source} to {@code destination} with {@code hopLimit}, in a frame to {@code mac}.
     */
    void inject(Ipv6Address source, Ipv6Address destination, int hopLimit, long mac, byte[] message) {
        byte[] f = new byte[EthernetHeader.LENGTH + Ipv6Header.LENGTH + message.length];
        EthernetHeader.write(f, mac, PEER_MAC, EthernetHeader.TYPE_IPV6);
        Ipv6Header.write(f, EthernetHeader.LENGTH, message.length, Ipv6Header.NEXT_ICMPV6, hopLimit, source, destination);
        int at = EthernetHeader.LENGTH + Ipv6Header.LENGTH;
        System.arraycopy(message, 0, f, at, message.length);
        Icmpv6Header.checksum(f, at, message.length, source, destination);
        stack.receive(f, f.length);
    }

    /** A message of {@code type}: its first word after type and code, then {@code body}. */
    static byte[] message(int type, int word, byte[] body) {
        byte[] m = new byte[Icmpv6Header.LENGTH + body.length];
        Bytes.put8(m, 0, type);
        Bytes.put32(m, 4, word);
        System.arraycopy(body, 0, m, Icmpv6Header.LENGTH, body.length);
        return m;
    }

    /** Runs until duplicate address detection is over (preferred or duplicate), and forgets what it sent. */
    void settle() {
        long end = now + 5 * S;
        while (!ip().settled() && stack.nextDeadline() <= end) {
            now = Math.max(now, stack.nextDeadline());
            stack.advance();
        }
        assertThat(ip().settled()).as("duplicate address detection over").isTrue();
        sent.clear();
    }
}
