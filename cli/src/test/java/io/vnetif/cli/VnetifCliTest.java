package io.vnetif.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.GetStatsResponse;
import io.vnetif.proto.v1.ListImpairmentsRequest;
import io.vnetif.proto.v1.ListImpairmentsResponse;
import io.vnetif.proto.v1.ListNetworksRequest;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.SwitchServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The vnetif command against a switch in this JVM. */
class VnetifCliTest {
    private SwitchServer server;
    private boolean serverClosed;
    private ManagedChannel channel;
    private SwitchServiceGrpc.SwitchServiceBlockingStub admin;
    private AttachResponse web;
    private AttachResponse db;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void start() throws Exception {
        server = SwitchServer.start(SwitchConfig.loopback(0, 0));
        channel = Grpc.newChannelBuilder(server.controlTarget(), InsecureChannelCredentials.create()).build();
        admin = SwitchServiceGrpc.newBlockingStub(channel);
        web = admin.attach(AttachRequest.newBuilder().setNetwork("lab").setLabel("web").build());
        db = admin.attach(AttachRequest.newBuilder().setNetwork("lab").setLabel("db").build());
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        if (!serverClosed) {
            server.close();
        }
    }

    private int vnetif(String... args) {
        return vnetifAt(server.controlTarget(), args); // last: it belongs to the innermost command
    }

    private ListImpairmentsResponse listed() {
        return admin.listImpairments(ListImpairmentsRequest.getDefaultInstance());
    }

    @Test
    void impairAddsRulesInTheWordsOfNetem() {
        assertThat(vnetif("impair", "--network", "lab", "--to", "web", "loss", "1%", "delay", "20ms", "5ms", "normal", "seed", "42")).isZero();
        assertThat(out.toString()).matches("(?s)rule \\d+ on lab: delivered to " + web.getMac()
                + ": loss 1% delay 20ms 5ms normal \\(seed 42\\)\\s*");
        assertThat(vnetif("impair", "--network", "lab", "--from", "web", "--to", "#" + db.getPortId(), "--ip-proto", "tcp",
                "rate", "10mbit", "queue", "32kb", "duplicate", "0.5%")).isZero();
        assertThat(vnetif("impair", "--network", "lab", "--ethertype", "arp", "--size", "0-128", "gemodel", "1%", "25%")).isZero();
        assertThat(listed().getRulesList()).hasSize(3);
        assertThat(listed().getRules(1).getSpec().getMatch().getIpProtocol()).isEqualTo(6);
        assertThat(listed().getRules(1).getSpec().getRate().getQueueBytes()).isEqualTo(32 * 1024);
        assertThat(listed().getRules(2).getSpec().getGilbertElliott().getR()).isEqualTo(0.25);

        assertThat(vnetif("impair", "list")).isZero();
        assertThat(out.toString()).contains("delivered to " + web.getMac(), web.getMac() + " -> " + db.getMac(), "gemodel 1% 25%");
        long first = listed().getRules(0).getId();
        assertThat(vnetif("impair", "remove", Long.toString(first))).isZero();
        assertThat(vnetif("impair", "clear", "--network", "lab")).isZero();
        assertThat(out.toString()).contains("removed 2 rules");
        assertThat(listed().getRulesList()).isEmpty();
    }

    @Test
    void portCoversBothDirectionsWithTwoRules() {
        assertThat(vnetif("impair", "--network", "lab", "--port", "web", "loss", "1%", "delay", "20ms", "5ms")).isZero();
        assertThat(listed().getRulesList()).extracting(r -> r.getSpec().getScope().getKind().name())
                .containsExactly("SENT_BY", "DELIVERED_TO");
    }

    @Test
    void badWordsGetAnErrorNamingThem() {
        assertUsageError("loss: '1' is not a percentage", "impair", "--network", "lab", "loss", "1");
        assertUsageError("delay: 'fast' is not a duration", "impair", "delay", "fast");
        assertUsageError("jitter: unknown effect", "impair", "jitter", "5ms");
        assertUsageError("rate: '10mbps' has an unknown unit (bit, kbit, mbit, gbit)", "impair", "rate", "10mbps");
        assertUsageError("loss: missing a percentage", "impair", "loss");
        assertUsageError("--ip-proto: 'sctpx' is neither one of", "impair", "--ip-proto", "sctpx", "loss", "1%");
        assertUsageError("no effect given", "impair", "--network", "lab");
        assertUsageError("one group; separate groups with /", "partition", "--network", "lab", "web,db");
        assertUsageError("--snaplen: 70000 out of range 0..65535", "capture", "--network", "lab", "-w", "-", "--snaplen", "70000");
        assertThat(listed().getRulesList()).isEmpty();
    }

    private void assertUsageError(String message, String... args) {
        assertThat(vnetif(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString()).contains(message).doesNotContain("picocli WARN");
    }

    @Test
    void refusalsFromTheSwitchExitWithOne() {
        assertThat(vnetif("impair", "--network", "lab", "--to", "nobody", "loss", "1%")).isEqualTo(1);
        assertThat(err.toString()).contains("INVALID_ARGUMENT", "label 'nobody' names 0 ports of network 'lab'");
        assertThat(vnetif("impair", "loss", "150%")).isEqualTo(2);
        assertThat(vnetif("cut", "--network", "lab", "--restore", "web", "db")).isEqualTo(1);
        assertThat(err.toString()).contains("NOT_FOUND", "is not cut");
    }

    @Test
    void rulesShowTheirFiltersWhenAddedAndListed() {
        assertThat(vnetif("impair", "--network", "lab", "--ip-proto", "tcp", "loss", "5%")).isZero();
        assertThat(out.toString()).startsWith("rule ").contains(" on lab: network, ip-proto tcp: loss 5% (seed ");
        assertThat(vnetif("impair", "--network", "lab", "--to", "web", "--ethertype", "arp", "--size", "0-128", "--dst", db.getMac(),
                "rate", "10mbit", "queue", "32kb")).isZero();
        assertThat(out.toString()).contains("delivered to " + web.getMac() + ", ethertype arp, size 0-128, dst " + db.getMac()
                + ": rate 10mbit queue 32kb");
        assertThat(vnetif("impair", "list")).isZero();
        assertThat(out.toString()).contains("network, ip-proto tcp: loss 5%", ", ethertype arp, size 0-128, dst ");
    }

    @Test
    void typosThatWouldMakeRulesThatNeverActAreRefused() {
        assertThat(vnetif("impair", "--network", "nosuch", "loss", "5%")).isEqualTo(1);
        assertThat(errLines()).singleElement().asString().startsWith("vnetif impair: NOT_FOUND: no network 'nosuch': a rule there would never act");
        assertThat(vnetif("impair", "--network", "lab", "--port", "02:00:00:00:00:99", "loss", "5%")).isEqualTo(1);
        assertThat(errLines()).singleElement().asString()
                .startsWith("vnetif impair: NOT_FOUND: scope.port: no port with MAC 02:00:00:00:00:99 on network 'lab'");
        assertThat(vnetif("cut", "--network", "lab", "web", "02:00:00:00:00:99")).isEqualTo(1);
        assertThat(vnetif("partition", "--network", "nosuch", "web", "/", "db")).isEqualTo(1);
        assertThat(listed().getRulesList()).isEmpty();
        assertThat(listed().getFaultsList()).isEmpty();

        // Set up on purpose before anyone attaches.
        assertThat(vnetif("impair", "--network", "later", "--before-attach", "--to", "02:00:00:00:00:99", "loss", "5%")).isZero();
        assertThat(vnetif("impair", "--network", "lab", "--before-attach", "--port", "02:00:00:00:00:99", "loss", "5%")).isZero();
        assertThat(vnetif("cut", "--network", "lab", "--before-attach", "web", "02:00:00:00:00:99")).isZero();
        assertThat(listed().getRulesList()).extracting(r -> r.getNetwork()).containsExactly("later", "lab", "lab");
    }

    @Test
    void wrongWordsAreUsageErrorsInTheWordsTyped() {
        assertUsageError("vnetif impair: delay: '2m' is longer than 1m, the longest delay", "impair", "--network", "lab", "delay", "2m");
        assertUsageError("vnetif impair: reorder needs a delay: only frames a delay holds back can be overtaken (e.g. delay 10ms reorder 25%)",
                "impair", "--network", "lab", "reorder", "25%");
        assertUsageError("vnetif impair: --to: '02:00:00:00:00:0g' is not a MAC address (want e.g. 02:00:00:00:00:01)",
                "impair", "--network", "lab", "--to", "02:00:00:00:00:0g", "loss", "1%");
        assertUsageError("vnetif impair: mtu: '9001' out of range 0..9000", "impair", "--network", "lab", "mtu", "9001");
        assertUsageError("vnetif impair: --dst: 'web' is not a MAC address", "impair", "--network", "lab", "--dst", "web", "loss", "1%");
        assertThat(listed().getRulesList()).isEmpty();
        assertThat(vnetif("impair", "--network", "lab", "delay", "1m", "reorder", "25%")).isZero();
    }

    @Test
    void anOperatorDetachesAnyPortByIdAndNoSecretIsShown() {
        assertThat(vnetif("raw", "--network", "lab", "--remote", "127.0.0.1:5555", "--label", "vm1")).isZero();
        String attached = out.toString();
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("detach with: vnetif detach (#\\d+)\\)").matcher(attached);
        assertThat(id.find()).as(attached).isTrue();
        assertThat(vnetif("ports", "--json")).isZero();
        assertThat(out.toString()).doesNotContainIgnoringCase("secret");
        assertThat(vnetif("detach", id.group(1))).isZero();
        assertThat(out.toString()).isEqualTo("detached port " + id.group(1) + "\n");
        // A native port too, whose secret only its client knows.
        assertThat(vnetif("detach", "#" + Integer.toUnsignedString(web.getPortId()))).isZero();
        assertThat(admin.listPorts(io.vnetif.proto.v1.ListPortsRequest.getDefaultInstance()).getPortsList())
                .extracting(p -> p.getLabel()).containsExactly("db");
        assertThat(vnetif("detach", id.group(1))).isEqualTo(1);
        assertThat(errLines()).containsExactly("vnetif detach: NOT_FOUND: no port " + id.group(1).substring(1));
        assertThat(vnetif("detach", "seven")).isEqualTo(2);
    }

    @Test
    void partitionCutAndHeal() {
        assertThat(vnetif("partition", "--network", "lab", "web", "/", db.getMac())).isZero();
        assertThat(vnetif("cut", "--network", "lab", "db", "web")).isZero();
        assertThat(listed().getFaults(0).getPartitionList()).hasSize(2);
        assertThat(listed().getFaults(0).getCuts(0).getFrom()).isEqualTo(db.getMac());
        assertThat(vnetif("impair", "list")).isZero();
        assertThat(out.toString()).contains("partition " + web.getMac() + " / " + db.getMac(), "cut " + db.getMac() + " -> " + web.getMac());
        assertThat(vnetif("heal", "--network", "lab")).isZero();
        assertThat(listed().getFaultsList()).isEmpty();
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"impair", "partition", "cut", "heal", "ports", "stats", "top", "capture", "vxlan",
                "raw", "detach", "tap"}) {
            assertThat(vnetif(command, "--help")).as(command).isZero();
            assertThat(out.toString()).contains("Usage: vnetif " + command);
        }
    }

    @Test
    void portsListsLabelsAndMacsAsATableAndAsJson() {
        assertThat(vnetif("ports", "--network", "lab")).isZero();
        assertThat(out.toString()).contains("web", web.getMac(), "db", db.getMac(), "native");
        assertThat(vnetif("ports", "--json")).isZero();
        assertThat(out.toString()).contains("\"label\": \"web\"", "\"kind\": \"NATIVE\"");
    }

    @Test
    void jsonIsTheProtosJsonWithEveryFieldAndNumbersAsNumbers() throws Exception {
        // No ports: an empty list, not {}.
        admin.addImpairment(io.vnetif.proto.v1.AddImpairmentRequest.newBuilder().setNetwork("empty").setBeforeAttach(true)
                .setSpec(io.vnetif.proto.v1.ImpairmentSpec.newBuilder().setLoss(io.vnetif.proto.v1.LossSpec.newBuilder().setProbability(0.5))
                        .setSeed(-1L)).build());
        assertThat(vnetif("ports", "--network", "empty", "--json")).isZero();
        assertThat(JsonParser.parseString(out.toString())).isEqualTo(JsonParser.parseString("{\"ports\": []}"));

        assertThat(vnetif("ports", "--json")).isZero();
        JsonObject port = JsonParser.parseString(out.toString()).getAsJsonObject().getAsJsonArray("ports").get(0).getAsJsonObject();
        assertThat(port.keySet()).containsExactly("portId", "network", "mac", "mtu", "label", "allowForeignSourceMacs", "dataEndpoint",
                "leaseRemainingMs", "kind", "encrypted", "stations");
        assertThat(port.get("portId").getAsJsonPrimitive().isNumber()).isTrue();
        assertThat(port.getAsJsonArray("stations")).isEmpty(); // present although empty
        assertThat(port.get("encrypted").getAsBoolean()).isFalse(); // present although false

        assertThat(vnetif("stats", "--json")).isZero();
        JsonObject stats = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertThat(stats.getAsJsonObject("ledger").get("received").getAsJsonPrimitive().isNumber()).isTrue();
        assertThat(stats.getAsJsonArray("counters").get(0).getAsJsonObject().get("value").getAsJsonPrimitive().isNumber()).isTrue();
        GetStatsResponse.Builder back = GetStatsResponse.newBuilder();
        JsonFormat.parser().merge(out.toString(), back); // what any protobuf library reads
        assertThat(back.getPortsList()).extracting(p -> p.getMac()).contains(web.getMac(), db.getMac());

        assertThat(vnetif("impair", "list", "--json")).isZero();
        JsonObject rule = JsonParser.parseString(out.toString()).getAsJsonObject().getAsJsonArray("rules").get(0).getAsJsonObject();
        assertThat(rule.getAsJsonObject("spec").get("seed").getAsString()).isEqualTo("18446744073709551615"); // uint64, as a number
        assertThat(rule.getAsJsonObject("spec").get("seed").getAsJsonPrimitive().isNumber()).isTrue();
        assertThat(rule.getAsJsonObject("spec").getAsJsonObject("match").get("etherType").isJsonNull()).isTrue(); // optional, unset
        assertThat(rule.getAsJsonObject("spec").get("delay").isJsonNull()).isTrue(); // no such effect
        ListImpairmentsResponse.Builder rules = ListImpairmentsResponse.newBuilder();
        JsonFormat.parser().merge(out.toString(), rules);
        assertThat(rules.build()).isEqualTo(listed());
    }

    @Test
    void topShowsEveryPortWithItsRates() {
        assertThat(vnetif("top", "--iterations", "2", "--interval", "10ms")).isZero();
        assertThat(out.toString()).contains("RX_FPS", web.getMac(), db.getMac());
        assertThat(vnetif("top", "--interval", "0s", "--iterations", "1")).isEqualTo(2);
    }

    @Test
    void statsShowCountersAsATableAndAsJson() {
        assertThat(vnetif("stats", "--network", "lab")).isZero();
        assertThat(out.toString()).contains("RX_FRAMES", web.getMac(), "web", db.getMac(), "(2 ports)",
                "switch: received 0 + copies 0 = delivered 0 + dropped 0 + held 0\n");
        // Nothing was sent yet: no batch to take a size of.
        assertThat(out.toString()).containsPattern("data plane: (direct I/O \\(- datagrams per recvmmsg\\)|Netty I/O), ");
        assertThat(vnetif("stats", "--json")).isZero();
        assertThat(out.toString()).contains("\"networks\"", "\"mac\": \"" + web.getMac() + "\"");
    }

    @Test
    void anUnreachableSwitchIsOneLineNamingTheAddressAndTheLikelyCause() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(vnetifAt("127.0.0.1:" + closed, "ports")).isEqualTo(1);
        assertThat(errLines()).containsExactly("vnetif ports: switch at 127.0.0.1:" + closed
                + " is unreachable: connection refused (is the switch running, and is this its control port?)");
    }

    @Test
    void aHostThatDoesNotResolveIsOneLineAndAHostAloneMeansPort7400() {
        assertThat(vnetifAt("nohost.invalid", "ports")).isEqualTo(1);
        assertThat(errLines()).containsExactly("vnetif ports: switch at nohost.invalid:7400 is unreachable: cannot resolve host 'nohost.invalid'");
    }

    @Test
    void aBadPortIsAUsageErrorAtOnce() {
        long start = System.nanoTime();
        assertThat(vnetifAt("127.0.0.1:99999", "ports")).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5)); // no gRPC deadline waited out
        assertThat(errLines()).containsExactly(
                "vnetif ports: Invalid value for option '--switch' (or $VNETIF_SWITCH): '127.0.0.1:99999': port 99999 out of range 1..65535",
                "see 'vnetif ports --help'");
    }

    @Test
    void aBadFlagIsItsLineAndAPointerToTheHelpNotTheWholeHelp() {
        assertThat(vnetif("impair", "--bogus", "loss", "1%")).isEqualTo(2);
        assertThat(errLines()).containsExactly("vnetif impair: Unknown option: '--bogus'", "see 'vnetif impair --help'");
        assertThat(vnetif("impair", "loss", "1")).isEqualTo(2);
        assertThat(errLines()).containsExactly("vnetif impair: loss: '1' is not a percentage (e.g. 1% or 0.5%)", "see 'vnetif impair --help'");
    }

    @Test
    void strayWordsAndMistypedAddressesAreUsageErrorsInTheWordsOfTheHelp() {
        assertThat(vnetif("frobnicate")).isEqualTo(2);
        assertThat(errLines().get(0)).startsWith("vnetif: unknown command 'frobnicate' (commands: impair, partition, cut, heal, ports,");
        assertThat(vnetif("ports", "extra")).isEqualTo(2);
        assertThat(errLines()).containsExactly("vnetif ports: unexpected argument 'extra'", "see 'vnetif ports --help'");
        assertUsageError("vnetif impair remove: Invalid value for positional parameter at index 0..* (ID): 'abc' is not a whole number",
                "impair", "remove", "abc");
        assertUsageError("vnetif impair: --port: '02:00:00:00:00' is not a MAC address", "impair", "--network", "lab", "--port", "02:00:00:00:00", "loss", "1%");
        assertUsageError("vnetif raw: --remote: '198.18.4.1' has no port, want host:port", "raw", "--network", "lab", "--remote", "198.18.4.1");
        assertUsageError("vnetif raw: --remote: '198.18.4.1:0': port 0 out of range 1..65535", "raw", "--network", "lab", "--remote", "198.18.4.1:0");
        assertUsageError("vnetif vxlan: --peer: '::1': write IPv6 addresses in brackets", "vxlan", "--network", "lab", "--vni", "7", "--peer", "::1");
        assertThat(vnetif("impair", "--network", "lab", "--port", "db-1-a", "loss", "1%")).as("dashes alone make a label").isEqualTo(1);
        assertThat(errLines()).singleElement().asString().contains("label 'db-1-a' names 0 ports");
        assertThat(listed().getRulesList()).isEmpty();
        assertThat(admin.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList()).hasSize(2);
    }

    @Test
    void aSeedIsReadInTheFormsItIsShownIn() throws Exception {
        long seed = 0xC3A5C85C97CB3127L; // negative as a long: the text shows it signed, JSON unsigned
        assertThat(vnetif("impair", "--network", "lab", "loss", "1%", "seed", Long.toString(seed))).isZero();
        assertThat(out.toString()).contains("(seed " + seed + ")");
        assertThat(vnetif("impair", "list", "--json")).isZero();
        String unsigned = Long.toUnsignedString(seed);
        assertThat(out.toString()).contains("\"seed\": " + unsigned);
        assertThat(vnetif("impair", "--network", "lab", "loss", "1%", "seed", unsigned)).isZero();
        assertThat(listed().getRulesList()).extracting(r -> r.getSpec().getSeed()).containsExactly(seed, seed);
    }

    @Test
    void captureOfANetworkNobodyIsOnSaysSoAndWaitsForIt(@TempDir Path dir) {
        assertThat(vnetif("capture", "--network", "lba", "-w", dir.resolve("x.pcapng").toString(), "--duration", "100ms")).isZero();
        assertThat(errLines()).containsExactly("vnetif capture: no network 'lba' yet: capturing it from when ports attach (networks now: default, lab)",
                "vnetif capture: 0 frames");
        assertUsageError("vnetif capture: --duration: '2q' has an unknown unit", "capture", "--network", "lab", "-w", "-", "--duration", "2q");
    }

    @Test
    void aSubcommandsErrorNamesItsParentToo() {
        assertThat(vnetif("impair", "remove", "99")).isEqualTo(1);
        assertThat(errLines()).containsExactly("vnetif impair remove: NOT_FOUND: no impairment rule 99");
    }

    @Test
    void captureToADirectoryThatIsNotThereIsOneLine() {
        assertThat(vnetif("capture", "--network", "lab", "-w", "/no/such/dir/x.pcapng")).isEqualTo(2);
        assertThat(errLines()).containsExactly("vnetif capture: --write: cannot write /no/such/dir/x.pcapng: no directory /no/such/dir",
                "see 'vnetif capture --help'");
    }

    @Test
    void aSwitchThatDiesMidCaptureIsSaidToHaveGoneAway(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lab.pcapng");
        CompletableFuture<Integer> capture = CompletableFuture.supplyAsync(() -> vnetif("capture", "--network", "lab", "-w", file.toString()));
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList()
                .stream().anyMatch(n -> n.getName().equals("lab") && n.getCaptureSessions() == 1));
        String target = server.controlTarget();
        server.close(); // as a killed switch: the stream breaks
        serverClosed = true;
        assertThat(capture.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(errLines()).singleElement().asString()
                .startsWith("vnetif capture: the switch at " + target + " went away during the capture (stopped, killed or restarted")
                .endsWith("; 0 frames written to " + file)
                .doesNotContain("TLS");
        assertThat(file).exists(); // a complete, empty capture
    }

    @Test
    void topIntoAPipeWritesNoTerminalCodes() {
        assertThat(vnetif("top", "--iterations", "2", "--interval", "10ms")).isZero();
        assertThat(out.toString()).doesNotContain("\u001b").contains("RX_FPS");
        assertThat(out.toString().split("vnetif top", -1)).hasSize(3); // two refreshes, one after the other
    }

    private int vnetifAt(String target, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = VnetifCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--switch=" + target;
        return cli.execute(all);
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }
}
