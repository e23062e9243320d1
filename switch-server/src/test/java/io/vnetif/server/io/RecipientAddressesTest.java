package io.vnetif.server.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Recipients written as the sockaddr a send names, checked against SenderAddresses reading them back. */
class RecipientAddressesTest {
    private final RecipientAddresses recipients = new RecipientAddresses();
    private final ByteBuf memory = Unpooled.buffer(64).writeZero(64);

    private InetSocketAddress roundTrip(InetSocketAddress to, boolean ipv6Socket) {
        int length = recipients.write(to, ipv6Socket, memory, 0);
        assertThat(length).isEqualTo(ipv6Socket ? 28 : 16);
        return new SenderAddresses().sender(memory, 0, length);
    }

    @Test
    void anIpv4RecipientIsMappedOnAnIpv6SocketAndPlainOnAnIpv4One() throws Exception {
        InetSocketAddress to = new InetSocketAddress("198.18.2.1", 4789);
        assertThat(roundTrip(to, true)).isEqualTo(to);
        assertThat(ByteBufUtil.hexDump(memory, 0, 28)).isEqualTo("0a0012b500000000" + "00000000000000000000ffffc6120201" + "00000000");
        assertThat(roundTrip(to, false)).isEqualTo(to);
        assertThat(ByteBufUtil.hexDump(memory, 0, 16)).isEqualTo("020012b5c6120201" + "0000000000000000");
    }

    @Test
    void ipv6RecipientsKeepTheirScope() throws Exception {
        InetSocketAddress scoped = new InetSocketAddress(java.net.Inet6Address.getByAddress(null,
                InetAddress.getByName("fe80::7").getAddress(), 5), 7401);
        InetSocketAddress back = roundTrip(scoped, true);
        assertThat(back).isEqualTo(scoped);
        assertThat(((java.net.Inet6Address) back.getAddress()).getScopeId()).isEqualTo(5);
    }

    @Test
    void anIpv4SocketCannotNameAnIpv6RecipientNorAnyoneAnUnresolvedOne() {
        assertThat(recipients.write(new InetSocketAddress("::1", 7401), false, memory, 0)).isEqualTo(-1);
        assertThat(recipients.write(InetSocketAddress.createUnresolved("nohost.invalid", 7401), true, memory, 0)).isEqualTo(-1);
    }

    /** The cache is keyed by the object: a different object for the same endpoint, or one that evicted it, is written right. */
    @Test
    void everyObjectIsWrittenAsItsOwnEndpointWhateverTheCacheHolds() throws Exception {
        for (int i = 0; i < 4 * RecipientAddresses.ENTRIES; i++) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 198, 18, (byte) (i >> 8), (byte) i}),
                    1000 + i);
            assertThat(roundTrip(to, true)).isEqualTo(to);
            assertThat(roundTrip(to, true)).as("again, from the cache").isEqualTo(to);
        }
    }
}
