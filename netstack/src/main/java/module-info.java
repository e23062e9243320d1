/**
 * A TCP/IP stack for the JVM on a vnetif interface. Exports its API only ({@link io.vnetif.netstack} and
 * {@link io.vnetif.netstack.stats}); the protocol layers stay inside (docs/netstack.md#what-it-implements).
 */
module io.vnetif.netstack {
    requires transitive io.vnetif.client;
    requires io.netty.common;
    requires org.slf4j;

    exports io.vnetif.netstack;
    exports io.vnetif.netstack.stats;
}
