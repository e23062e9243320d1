package io.vnetif.client;

import static io.vnetif.client.TestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.vnetif.api.Refusal;
import io.vnetif.client.TestFrames.Collector;
import io.vnetif.proto.security.AccessToken;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.ServerTls;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.SwitchServer;
import io.vnetif.server.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote backend against a switch that requires an access token. */
class TokenRemoteSwitchTest {
    private static final String TOKEN = "3f9c1e0b7a5d42e8-test-token";

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private static SwitchServer startSwitch(SwitchConfig config) throws Exception {
        return SwitchServer.start(config.withToken(AccessToken.of(TOKEN)));
    }

    private static SwitchConfig withTls(Duration lease) {
        return SwitchConfig.loopback(0, 0).withLease(lease).withTls(ServerTls.fromPem(pki.serverCertificate(), pki.serverKey(), null));
    }

    private static RemoteOptions.Builder overTls() {
        return RemoteOptions.builder().trustCertificates(pki.ca());
    }

    /** Ports on the switch, asked with the right token. */
    private static int ports(SwitchServer server) throws InterruptedException {
        ManagedChannel admin = Grpc.newChannelBuilder(server.controlTarget(),
                overTls().token(TOKEN).build().credentials().channelCredentials(server.controlTarget())).build();
        try {
            return SwitchServiceGrpc.newBlockingStub(admin).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .listPorts(ListPortsRequest.getDefaultInstance()).getPortsCount();
        } finally {
            admin.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingOrWrongTokenIsRefusedAndAttachesNothing() throws Exception {
        try (SwitchServer server = startSwitch(withTls(SwitchConfig.DEFAULT_LEASE))) {
            try (VirtualSwitch without = VirtualSwitch.remote(server.controlTarget(), overTls().build())) {
                assertThatThrownBy(() -> without.attach("lab")).isInstanceOfSatisfying(AttachRefusedException.class,
                                e -> assertThat(e.reason()).isEqualTo(Refusal.UNAUTHENTICATED))
                        .hasMessageContaining("refused by " + server.controlTarget())
                        .hasMessageContaining("this switch requires an access token and the call carried none");
            }
            try (VirtualSwitch wrong = VirtualSwitch.remote(server.controlTarget(), overTls().token("not-" + TOKEN).build())) {
                assertThatThrownBy(() -> wrong.attach("lab")).isInstanceOfSatisfying(AttachRefusedException.class,
                                e -> assertThat(e.reason()).isEqualTo(Refusal.UNAUTHENTICATED))
                        .hasMessageContaining("wrong access token")
                        .hasMessageNotContaining(TOKEN);
            }
            assertThat(ports(server)).isZero();
        }
    }

    @Test
    void theRightTokenAttachesAndItsLeaseKeepsThePortAlive() throws Exception {
        Duration lease = Duration.ofMillis(600);
        try (SwitchServer server = startSwitch(withTls(lease));
             VirtualSwitch sw = VirtualSwitch.remote(server.controlTarget(), overTls().token(TOKEN).build())) {
            Vnetif a = sw.attach("lab");
            Vnetif b = sw.attach("lab");
            Collector rb = new Collector();
            b.listen(rb);
            a.write(frame(b.mac(), a.mac(), "first"));
            rb.awaitCount(1);
            // Five lease periods: only renewals over the Lease stream, which carries the token too, keep the ports.
            await().during(lease.multipliedBy(5)).atMost(lease.multipliedBy(10))
                    .until(() -> ports(server) == 2 && a.state() == LinkState.UP && b.state() == LinkState.UP);
            a.write(frame(b.mac(), a.mac(), "later"));
            rb.awaitCount(2);
            assertThat(rb.texts()).containsExactly("first", "later");
            a.close();
            assertThat(ports(server)).isEqualTo(1);
        }
    }

    @Test
    void aTokenTravelsWithoutTlsOnlyToLoopback() throws Exception {
        RemoteOptions tokenOnly = RemoteOptions.builder().token(TOKEN).build();
        try (SwitchServer server = startSwitch(SwitchConfig.loopback(0, 0));
             VirtualSwitch sw = VirtualSwitch.remote(server.controlTarget(), tokenOnly)) {
            assertThat(sw.attach("lab").state()).isEqualTo(LinkState.UP);
        }
        assertThatThrownBy(() -> VirtualSwitch.remote("192.0.2.10:7400", tokenOnly)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to send the access token to 192.0.2.10:7400 without TLS");
    }
}
