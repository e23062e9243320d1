package io.vnetif.server.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Senders decoded from the sockaddr bytes the kernel writes, as Netty's read made them, and cached. */
class SenderAddressesTest {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private final SenderAddresses senders = new SenderAddresses();
    private final ByteBuf names = Unpooled.buffer(64);

    /** A sockaddr_in6 as Linux writes it: family in host order (little-endian here), port and address in network order. */
    private static void sockaddrIn6(ByteBuf into, byte[] address, int port, int scope) {
        into.clear().writeShortLE(AF_INET6).writeShort(port).writeInt(0).writeBytes(address).writeIntLE(scope);
    }

    private static void sockaddrIn(ByteBuf into, byte[] address, int port) {
        into.clear().writeShortLE(AF_INET).writeShort(port).writeBytes(address).writeZero(8);
    }

    private InetSocketAddress decode() {
        return senders.sender(names, 0, names.readableBytes());
    }

    private static byte[] mapped(int a, int b, int c, int d) {
        return new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) a, (byte) b, (byte) c, (byte) d};
    }

    @Test
    void anIpv4PeerOnADualStackSocketIsAnInet4Address() throws Exception {
        sockaddrIn6(names, mapped(198, 18, 0, 7), 4789, 0);
        InetSocketAddress sender = decode();
        assertThat(sender.getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(sender).isEqualTo(new InetSocketAddress(InetAddress.getByName("198.18.0.7"), 4789));
    }

    @Test
    void anIpv4SocketsPeerIsTheSame() throws Exception {
        sockaddrIn(names, new byte[] {127, 0, 0, 2}, 65535);
        assertThat(decode()).isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 65535));
    }

    @Test
    void ipv6PeersKeepTheirScope() throws Exception {
        byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();
        sockaddrIn6(names, linkLocal, 7401, 3);
        InetSocketAddress scoped = decode();
        assertThat(((Inet6Address) scoped.getAddress()).getScopeId()).isEqualTo(3);
        sockaddrIn6(names, linkLocal, 7401, 4);
        assertThat(((Inet6Address) decode().getAddress()).getScopeId()).as("another interface, another sender").isEqualTo(4);
        sockaddrIn6(names, InetAddress.getByName("::1").getAddress(), 7401, 0);
        assertThat(decode()).isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 7401));
        assertThat(decode().getAddress().getHostAddress()).as("no %0 for an unscoped address").isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void aSenderSeenBeforeCostsNothing() {
        sockaddrIn6(names, mapped(127, 0, 0, 1), 40000, 0);
        InetSocketAddress first = decode();
        assertThat(decode()).isSameAs(first);
        assertThat(senders.misses()).isEqualTo(1);
        sockaddrIn6(names, mapped(127, 0, 0, 1), 40001, 0);
        assertThat(decode()).isNotEqualTo(first);
    }

    @Test
    void otherFamiliesAreNotSenders() {
        names.clear().writeShortLE(1).writeZero(26); // AF_UNIX
        assertThat(decode()).isNull();
    }

    /** More senders than entries, repeating: whatever evicts what, every answer is the sender written. */
    @Test
    void evictionNeverMixesSendersUp() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        int[] pool = new int[3 * SenderAddresses.ENTRIES];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = random.nextInt();
        }
        for (int i = 0; i < 50_000; i++) {
            int pick = pool[random.nextInt(pool.length)];
            byte[] v4 = {(byte) (pick >>> 24), (byte) (pick >>> 16), (byte) (pick >>> 8), (byte) pick};
            int port = pick & 0xFFFF;
            if ((pick & 1) == 0) {
                sockaddrIn6(names, mapped(v4[0], v4[1], v4[2], v4[3]), port, 0);
            } else {
                sockaddrIn(names, v4, port);
            }
            assertThat(decode()).isEqualTo(new InetSocketAddress(InetAddress.getByAddress(v4), port));
        }
        assertThat(senders.misses()).as("repeats were found").isLessThan(50_000);
    }
}
