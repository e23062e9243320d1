/**
 * The JUnit 5 extension for tests on a vnetif LAN: {@link io.vnetif.junit}. Opens nothing to the user beyond
 * its API; JUnit instantiates the extension reflectively, which an exported package allows.
 */
module io.vnetif.junit {
    requires transitive io.vnetif.client;
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.commons;
    requires static io.vnetif.netstack;

    exports io.vnetif.junit;
}
