package io.vnetif.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vnetif.proto.security.AccessToken;
import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.CaptureEvent;
import io.vnetif.proto.v1.CaptureRequest;
import io.vnetif.proto.v1.ClearImpairmentsRequest;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.GetStatsResponse;
import io.vnetif.proto.v1.ImpairmentRule;
import io.vnetif.proto.v1.ImpairmentSpec;
import io.vnetif.proto.v1.ListImpairmentsRequest;
import io.vnetif.proto.v1.ListNetworksRequest;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.LossSpec;
import io.vnetif.proto.v1.NetworkInfo;
import io.vnetif.proto.v1.PortInfo;
import io.vnetif.proto.v1.RemoveImpairmentRequest;
import io.vnetif.proto.v1.RemovePortRequest;
import io.vnetif.proto.v1.ResetStatsRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.RunningSwitch;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.tenancy.TwoJobs;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scoped tokens: a job's token works on its own networks, cannot see or touch another job's (refused with
 * PERMISSION_DENIED naming the network, or not found when the call names no network), and listings show
 * it only its own. Before, any holder of the switch's one token could reset, impair, capture or remove
 * anything.
 */
class TenancyTest {
    private static final String A = TwoJobs.JOB_A;
    private static final String B = TwoJobs.JOB_B;
    private static final String OPS = TwoJobs.OPERATOR;
    private static final ImpairmentSpec LOSS = ImpairmentSpec.newBuilder().setLoss(LossSpec.newBuilder().setProbability(1)).build();

    @TempDir
    Path dir;
    private RunningSwitch running;
    private SwitchServiceGrpc.SwitchServiceBlockingStub a;
    private SwitchServiceGrpc.SwitchServiceBlockingStub b;
    private SwitchServiceGrpc.SwitchServiceBlockingStub ops;

    @BeforeEach
    void start() throws Exception {
        running = RunningSwitch.start(SwitchConfig.loopback(0, 0).withTokens(TwoJobs.tokens(dir, "attach,impair,capture,observe",
                "attach,impair,capture,observe,admin")));
        a = as(A);
        b = as(B);
        ops = as(OPS);
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private SwitchServiceGrpc.SwitchServiceBlockingStub as(String token) {
        return running.stub().withCallCredentials(AccessToken.of(token).callCredentials());
    }

    private static void assertDenied(Executable call, Status.Code code, String message) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    @Test
    void aTokenCannotTouchAnotherJobsNetwork() {
        AttachResponse web = a.attach(AttachRequest.newBuilder().setNetwork("ci-a-1").setLabel("web").build());
        ImpairmentRule rule = a.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("ci-a-1").setSpec(LOSS).build());
        b.attach(AttachRequest.newBuilder().setNetwork("ci-b-1").build());

        String denied = "token 'job-b' may not ";
        assertDenied(() -> b.attach(AttachRequest.newBuilder().setNetwork("ci-a-1").build()), Status.Code.PERMISSION_DENIED,
                denied + "attach on network 'ci-a-1'");
        assertDenied(() -> b.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("ci-a-1").setSpec(LOSS).build()),
                Status.Code.PERMISSION_DENIED, denied + "impair on network 'ci-a-1'");
        assertDenied(() -> b.clearImpairments(ClearImpairmentsRequest.newBuilder().setNetwork("ci-a-1").build()),
                Status.Code.PERMISSION_DENIED, denied + "impair on network 'ci-a-1'");
        assertDenied(() -> b.resetStats(ResetStatsRequest.newBuilder().setNetwork("ci-a-1").build()), Status.Code.PERMISSION_DENIED,
                denied + "admin on network 'ci-a-1'");
        assertDenied(() -> b.listPorts(ListPortsRequest.newBuilder().setNetwork("ci-a-1").build()), Status.Code.PERMISSION_DENIED,
                denied + "observe on network 'ci-a-1'");
        assertDenied(() -> b.getStats(GetStatsRequest.newBuilder().setNetwork("ci-a-1").build()), Status.Code.PERMISSION_DENIED,
                denied + "observe on network 'ci-a-1'");
        // By id, another job's port or rule is one that does not exist: the answer tells nothing about it.
        assertDenied(() -> b.removePort(RemovePortRequest.newBuilder().setPortId(web.getPortId()).build()), Status.Code.NOT_FOUND,
                "no port " + Integer.toUnsignedString(web.getPortId()));
        assertDenied(() -> b.removeImpairment(RemoveImpairmentRequest.newBuilder().setId(rule.getId()).build()), Status.Code.NOT_FOUND,
                "no impairment rule " + rule.getId());
        // A job without admin may not remove even its own ports by id; its client detaches them with their secret.
        assertDenied(() -> a.removePort(RemovePortRequest.newBuilder().setPortId(web.getPortId()).build()), Status.Code.PERMISSION_DENIED,
                "token 'job-a' may not admin on network 'ci-a-1'");

        // What B may do on all networks at once stays within its own.
        b.clearImpairments(ClearImpairmentsRequest.getDefaultInstance());
        b.resetStats(ResetStatsRequest.getDefaultInstance());
        assertThat(a.listImpairments(ListImpairmentsRequest.getDefaultInstance()).getRulesList()).extracting(ImpairmentRule::getId)
                .containsExactly(rule.getId());
        assertThat(a.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList()).extracting(PortInfo::getLabel).containsExactly("web");
    }

    @Test
    void listingsShowOnlyWhatTheCallerMaySee() {
        a.attach(AttachRequest.newBuilder().setNetwork("ci-a-1").build());
        a.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("ci-a-1").setSpec(LOSS).build());
        b.attach(AttachRequest.newBuilder().setNetwork("ci-b-1").build());

        assertThat(b.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList()).extracting(NetworkInfo::getName)
                .containsExactly("ci-b-1");
        assertThat(b.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList()).extracting(PortInfo::getNetwork)
                .containsExactly("ci-b-1");
        assertThat(b.listImpairments(ListImpairmentsRequest.getDefaultInstance()).getRulesList()).isEmpty();
        GetStatsResponse stats = b.getStats(GetStatsRequest.getDefaultInstance());
        assertThat(stats.getNetworksList()).extracting(n -> n.getName()).containsExactly("ci-b-1");
        assertThat(stats.getPortsList()).extracting(p -> p.getNetwork()).containsExactly("ci-b-1");
        assertThat(stats.hasLedger()).as("switch-wide books: not a tenant's").isFalse();
        assertThat(stats.getCountersList()).isEmpty();

        GetStatsResponse all = ops.getStats(GetStatsRequest.getDefaultInstance());
        assertThat(all.getNetworksList()).extracting(n -> n.getName()).contains("default", "ci-a-1", "ci-b-1");
        assertThat(all.hasLedger()).isTrue();
        assertThat(all.getCountersList()).isNotEmpty();
    }

    @Test
    void captureNeedsTheCaptureRoleOnTheNetwork() throws Exception {
        a.attach(AttachRequest.newBuilder().setNetwork("ci-a-1").build());
        StreamEnding<CaptureRequest, CaptureEvent> capture = new StreamEnding<>(event -> { });
        SwitchServiceGrpc.newStub(running.channel()).withCallCredentials(AccessToken.of(B).callCredentials())
                .capture(CaptureRequest.newBuilder().setNetwork("ci-a-1").build(), capture);
        Status status = capture.ended.get(10, TimeUnit.SECONDS);
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).contains("token 'job-b' may not capture on network 'ci-a-1'");
    }

    @Test
    void theOperatorsTokenMayDoEverything() {
        AttachResponse port = a.attach(AttachRequest.newBuilder().setNetwork("ci-a-1").build());
        ops.addImpairment(AddImpairmentRequest.newBuilder().setNetwork("ci-a-1").setSpec(LOSS).build());
        ops.resetStats(ResetStatsRequest.getDefaultInstance());
        ops.removePort(RemovePortRequest.newBuilder().setPortId(port.getPortId()).build());
        assertThat(ops.listPorts(ListPortsRequest.getDefaultInstance()).getPortsList()).isEmpty();
    }
}
