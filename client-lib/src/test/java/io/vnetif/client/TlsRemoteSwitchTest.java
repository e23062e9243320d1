package io.vnetif.client;

import static io.vnetif.client.TestFrames.assertAFrameCrosses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnetif.server.ServerTls;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.SwitchServer;
import io.vnetif.server.TestPki;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote backend against a switch whose control port speaks TLS, with and without client certificates. */
class TlsRemoteSwitchTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    /** A CA that signed nothing the switch uses: trusting only it must not get a client in. */
    static TestPki stranger;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        stranger = TestPki.create(dir.resolve("stranger"));
    }

    private static SwitchServer startSwitch(Path clientAuthorities) throws Exception {
        return SwitchServer.start(SwitchConfig.loopback(0, 0).withTls(ServerTls.fromPem(pki.serverCertificate(), pki.serverKey(), clientAuthorities)));
    }

    private static RemoteOptions.Builder trusting(TestPki issuer) {
        return RemoteOptions.builder().trustCertificates(issuer.ca());
    }

    @Test
    void interfacesAttachOverTlsAndExchangeFrames() throws Exception {
        try (SwitchServer server = startSwitch(null);
             VirtualSwitch sw = VirtualSwitch.remote(server.controlTarget(), trusting(pki).build())) {
            assertAFrameCrosses(sw, "lab", "over tls");
        }
    }

    @Test
    void aPlaintextClientIsToldTheSwitchMayWantTls() throws Exception {
        try (SwitchServer server = startSwitch(null); VirtualSwitch sw = VirtualSwitch.remote(server.controlTarget())) {
            assertThatThrownBy(() -> sw.attach("lab")).isInstanceOf(SwitchUnreachableException.class)
                    .hasMessageContaining("switch at " + server.controlTarget() + " is unreachable")
                    .hasMessageContaining("if it runs with --tls-cert, connect over TLS (vnetif --tls-ca, RemoteOptions.trustCertificates)");
        }
    }

    @Test
    void aClientRefusesASwitchWhoseCaItDoesNotTrust() throws Exception {
        try (SwitchServer server = startSwitch(null);
             VirtualSwitch sw = VirtualSwitch.remote(server.controlTarget(), trusting(stranger).build())) {
            assertThatThrownBy(() -> sw.attach("lab")).isInstanceOf(SwitchUnreachableException.class)
                    .hasMessageContaining("switch at " + server.controlTarget() + " is unreachable")
                    .hasMessageContaining("TLS handshake failed: unable to find valid certification path");
        }
    }

    /** The switch's certificate names 127.0.0.1 and localhost: reached at 127.0.0.2, the client must refuse it. */
    @Test
    void aClientRefusesACertificateThatDoesNotNameTheAddressItConnectedTo() throws Exception {
        SwitchConfig loopback = SwitchConfig.loopback(0, 0);
        SwitchConfig elsewhere = new SwitchConfig(new java.net.InetSocketAddress("127.0.0.2", 0), loopback.data(), null, null, null,
                loopback.lease(), loopback.limits(), ServerTls.fromPem(pki.serverCertificate(), pki.serverKey(), null), null);
        try (SwitchServer server = SwitchServer.start(elsewhere);
             VirtualSwitch sw = VirtualSwitch.remote(server.controlTarget(), trusting(pki).build())) {
            assertThat(server.controlTarget()).startsWith("127.0.0.2:");
            assertThatThrownBy(() -> sw.attach("lab")).isInstanceOf(SwitchUnreachableException.class)
                    .hasMessageContaining("TLS handshake failed")
                    .hasMessageContaining("127.0.0.2");
        }
    }

    @Test
    void aTlsClientOfAPlaintextSwitchSaysItIsNotTls() throws Exception {
        try (SwitchServer server = SwitchServer.start(SwitchConfig.loopback(0, 0));
             VirtualSwitch sw = VirtualSwitch.remote(server.controlTarget(), trusting(pki).build())) {
            assertThatThrownBy(() -> sw.attach("lab")).isInstanceOf(SwitchUnreachableException.class)
                    .hasMessageContaining("TLS handshake failed: not an SSL/TLS record");
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutCertificateAndAdmitsOneWithIt() throws Exception {
        try (SwitchServer server = startSwitch(pki.ca())) {
            try (VirtualSwitch without = VirtualSwitch.remote(server.controlTarget(), trusting(pki).build())) {
                assertThatThrownBy(() -> without.attach("lab")).isInstanceOf(SwitchUnreachableException.class)
                        .hasMessageContaining("TLS handshake failed").hasMessageContaining("CERTIFICATE_REQUIRED");
            }
            try (VirtualSwitch foreign = VirtualSwitch.remote(server.controlTarget(),
                    trusting(pki).clientCertificate(stranger.clientCertificate(), stranger.clientKey()).build())) {
                // The JDK offers only a certificate from a CA the switch names, so this one goes unsent.
                assertThatThrownBy(() -> foreign.attach("lab")).isInstanceOf(SwitchUnreachableException.class)
                        .hasMessageContaining("TLS handshake failed").hasMessageContaining("CERTIFICATE_REQUIRED");
            }
            try (VirtualSwitch with = VirtualSwitch.remote(server.controlTarget(),
                    trusting(pki).clientCertificate(pki.clientCertificate(), pki.clientKey()).build())) {
                assertAFrameCrosses(with, "lab", "mutual");
            }
        }
    }
}
