/**
 * A Netty 4.2 transport over vnetif's TCP/IP stack: {@link io.vnetif.netty} (channels and their IoHandler).
 */
module io.vnetif.netty {
    requires transitive io.vnetif.netstack;
    requires transitive io.netty.transport;
    requires transitive io.netty.buffer;
    requires transitive io.netty.common;

    exports io.vnetif.netty;
}
