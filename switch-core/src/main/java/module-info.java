/**
 * The forwarding engine and the wire formats. Not an API: its packages are exported only to vnetif's own
 * modules (on the class path, as the switch server runs, every package is reachable as before).
 */
module io.vnetif.core {
    requires transitive io.vnetif.api;
    requires transitive io.netty.buffer;
    requires transitive io.netty.common;

    exports io.vnetif.text to io.vnetif.client, io.vnetif.proto;
    exports io.vnetif.wire to io.vnetif.client, io.vnetif.proto;
    exports io.vnetif.core to io.vnetif.client, io.vnetif.proto;
    exports io.vnetif.core.port to io.vnetif.client, io.vnetif.proto;
    exports io.vnetif.core.impair to io.vnetif.client, io.vnetif.proto;
    exports io.vnetif.core.capture to io.vnetif.client, io.vnetif.proto;
}
