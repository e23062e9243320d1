package io.vnetif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.vnetif.proto.security.AccessToken;
import io.vnetif.proto.security.ControlCredentials;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.ListImpairmentsRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.ServerTls;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.SwitchServer;
import io.vnetif.server.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The vnetif command against a switch with TLS and a token. */
class VnetifCliTlsTest {
    private static final String TOKEN = "cli-test-token-7c1d";

    @TempDir
    static Path dir;
    static TestPki pki;
    static Path tokenFile;
    static Path wrongTokenFile;

    private SwitchServer server;
    private ManagedChannel channel;
    private SwitchServiceGrpc.SwitchServiceBlockingStub admin;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void files() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        wrongTokenFile = Files.writeString(dir.resolve("wrong-token"), "not-" + TOKEN + "\n");
    }

    @BeforeEach
    void start() throws Exception {
        server = SwitchServer.start(SwitchConfig.loopback(0, 0)
                .withTls(ServerTls.fromPem(pki.serverCertificate(), pki.serverKey(), null)).withToken(AccessToken.of(TOKEN)));
        ControlCredentials credentials = ControlCredentials.builder().trustCertificates(pki.ca()).token(TOKEN).build();
        channel = Grpc.newChannelBuilder(server.controlTarget(), credentials.channelCredentials(server.controlTarget())).build();
        admin = SwitchServiceGrpc.newBlockingStub(channel);
        admin.attach(AttachRequest.newBuilder().setNetwork("lab").setLabel("web").build());
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.close();
    }

    /** Runs vnetif with {@code args}, then the switch and {@code connection} flags (last: they belong to the innermost command). */
    private int vnetif(List<String> connection, String... args) {
        CommandLine cli = VnetifCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--switch=" + server.controlTarget());
        all.addAll(connection);
        return cli.execute(all.toArray(new String[0]));
    }

    private static List<String> flags(Path token) {
        return List.of("--tls-ca", pki.ca().toString(), "--token-file", token.toString());
    }

    @Test
    void commandsWorkWithTheCaAndTheToken() {
        assertThat(vnetif(flags(tokenFile), "ports")).isZero();
        assertThat(out.toString()).contains("web");
        assertThat(vnetif(flags(tokenFile), "impair", "--network", "lab", "loss", "1%")).isZero();
        assertThat(admin.withCallCredentials(AccessToken.of(TOKEN).callCredentials())
                .listImpairments(ListImpairmentsRequest.getDefaultInstance()).getRulesCount()).isEqualTo(1);
    }

    @Test
    void aWrongOrMissingTokenExitsWithOneAndSaysSo() {
        assertThat(vnetif(flags(wrongTokenFile), "ports")).isEqualTo(VnetifCli.EXIT_REFUSED);
        assertThat(err.toString()).contains("vnetif ports: UNAUTHENTICATED: wrong access token").doesNotContain(TOKEN);
        assertThat(vnetif(List.of("--tls-ca", pki.ca().toString()), "ports")).isEqualTo(VnetifCli.EXIT_REFUSED);
        assertThat(err.toString()).contains("UNAUTHENTICATED: this switch requires an access token and the call carried none");
    }

    @Test
    void onlyTheTokensHolderDetachesAPortById() {
        assertThat(vnetif(flags(tokenFile), "ports", "--json")).isZero();
        String id = "#" + com.google.gson.JsonParser.parseString(out.toString()).getAsJsonObject().getAsJsonArray("ports").get(0)
                .getAsJsonObject().get("portId").getAsString();
        assertThat(vnetif(flags(wrongTokenFile), "detach", id)).isEqualTo(VnetifCli.EXIT_REFUSED);
        assertThat(err.toString()).contains("vnetif detach: UNAUTHENTICATED: wrong access token");
        assertThat(vnetif(flags(tokenFile), "detach", id)).isZero();
        assertThat(vnetif(flags(tokenFile), "ports", "--json")).isZero();
        assertThat(out.toString()).contains("\"ports\": []");
    }

    @Test
    void withoutTlsTheUserIsToldTheSwitchMayServeIt() {
        assertThat(vnetif(List.of(), "ports")).isEqualTo(VnetifCli.EXIT_REFUSED);
        assertThat(err.toString()).contains("vnetif ports: switch at 127.0.0.1:", " is unreachable: ", "if it runs with --tls-cert, connect over TLS (vnetif --tls-ca");
    }

    @Test
    void badConnectionFlagsAreUsageErrorsNamingFlagAndFile() {
        Path missing = dir.resolve("missing.pem");
        assertThat(vnetif(List.of("--tls-ca", missing.toString()), "ports")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--tls-ca' (or $VNETIF_TLS_CA): " + missing + ": cannot read it");
        assertThat(vnetif(List.of("--tls-cert", pki.clientCertificate().toString()), "ports")).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
        assertThat(vnetif(List.of("--tls-ca", pki.ca().toString(), "--token-file", pki.ca().toString()), "ports")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--token-file' (or $VNETIF_TOKEN_FILE): " + pki.ca()
                + ": the access token has a character");
    }
}
