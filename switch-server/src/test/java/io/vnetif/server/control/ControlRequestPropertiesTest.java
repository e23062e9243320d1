package io.vnetif.server.control;

import com.google.protobuf.Message;
import io.vnetif.proto.v1.AddImpairmentRequest;
import io.vnetif.proto.v1.AttachRawUdpRequest;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachVxlanRequest;
import io.vnetif.proto.v1.CaptureRequest;
import io.vnetif.proto.v1.ClearImpairmentsRequest;
import io.vnetif.proto.v1.CutRequest;
import io.vnetif.proto.v1.DetachRequest;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.HealRequest;
import io.vnetif.proto.v1.ListImpairmentsRequest;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.PartitionRequest;
import io.vnetif.proto.v1.RemoveImpairmentRequest;
import io.vnetif.proto.v1.ResetStatsRequest;
import io.vnetif.server.OutcomeStatistics;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property tests of the control API's request checks: arbitrary and near-valid requests either succeed
 * or are refused with a documented code and a message — never UNKNOWN or INTERNAL, which is what an
 * exception escaping a check becomes.
 */
class ControlRequestPropertiesTest extends SharedSwitchProperties {
    @Property(tries = 300)
    void attach(@ForAll("attachRequests") AttachRequest request) {
        succeedsOrIsRefusedCleanly(request, "OK", "INVALID_ARGUMENT");
    }

    @Property(tries = 300)
    void attachVxlan(@ForAll("attachVxlanRequests") AttachVxlanRequest request) {
        succeedsOrIsRefusedCleanly(request, "OK", "INVALID_ARGUMENT");
    }

    @Property(tries = 300)
    void attachRawUdp(@ForAll("attachRawUdpRequests") AttachRawUdpRequest request) {
        succeedsOrIsRefusedCleanly(request, "OK", "INVALID_ARGUMENT");
    }

    @Property(tries = 500)
    void addImpairment(@ForAll("addImpairmentRequests") AddImpairmentRequest request) {
        succeedsOrIsRefusedCleanly(request, "OK", "INVALID_ARGUMENT", "NOT_FOUND");
    }

    @Property(tries = 300)
    void partition(@ForAll("partitionRequests") PartitionRequest request) {
        succeedsOrIsRefusedCleanly(request, "OK", "INVALID_ARGUMENT", "NOT_FOUND");
    }

    @Property(tries = 300)
    void cut(@ForAll("cutRequests") CutRequest request) {
        succeedsOrIsRefusedCleanly(request, "OK", "INVALID_ARGUMENT", "NOT_FOUND");
    }

    /** Fewer tries: a capture that runs takes the switch's sender thread a poll interval (50 ms) to end. */
    @Property(tries = 60)
    void capture(@ForAll("captureRequests") CaptureRequest request) {
        succeedsOrIsRefusedCleanly(request, "OK", "INVALID_ARGUMENT");
    }

    private static void succeedsOrIsRefusedCleanly(Message request, String... outcomesThatMustOccur) {
        ControlCall<Message> call = shared.send(request).assertSucceededOrRefusedCleanly()
                .ifSucceeded(response -> shared.undo(request, response));
        OutcomeStatistics.collect(call.code(), outcomesThatMustOccur);
    }

    /** The calls that name a network or nothing: listings, statistics, clearing. */
    @Property(tries = 300)
    void callsNamingANetwork(@ForAll("networks") String network) {
        List<ControlCall<?>> calls = List.of(
                ControlCall.of(() -> shared.stub().getStats(GetStatsRequest.newBuilder().setNetwork(network).build())),
                ControlCall.of(() -> shared.stub().listPorts(ListPortsRequest.newBuilder().setNetwork(network).build())),
                ControlCall.of(() -> shared.stub().listImpairments(ListImpairmentsRequest.newBuilder().setNetwork(network).build())),
                ControlCall.of(() -> shared.stub().resetStats(ResetStatsRequest.newBuilder().setNetwork(network).build())),
                ControlCall.of(() -> shared.stub().clearImpairments(ClearImpairmentsRequest.newBuilder().setNetwork(network).build())),
                ControlCall.of(() -> shared.stub().heal(HealRequest.newBuilder().setNetwork(network).build())));
        calls.forEach(ControlCall::assertSucceededOrRefusedCleanly);
        OutcomeStatistics.collect(calls.get(0).code(), "OK", "INVALID_ARGUMENT", "NOT_FOUND");
    }

    /** Ids and secrets are not checked for form, only looked up: any pair is NOT_FOUND or PERMISSION_DENIED. */
    @Property(tries = 300)
    void callsNamingAPortOrRule(@ForAll("portIds") int portId, @ForAll long secret, @ForAll long ruleId) {
        ControlCall<?> detach = ControlCall.of(() -> shared.stub().detach(DetachRequest.newBuilder().setPortId(portId).setSecret(secret).build()))
                .assertSucceededOrRefusedCleanly();
        ControlCall.of(() -> shared.stub().removeImpairment(RemoveImpairmentRequest.newBuilder().setId(ruleId).build()))
                .assertSucceededOrRefusedCleanly();
        OutcomeStatistics.collect(detach.code(), "NOT_FOUND", "PERMISSION_DENIED");
    }

    // ---- generators ----

    @Provide
    Arbitrary<String> networks() {
        return RequestArbitraries.networkNames(SharedSwitch.NETWORK);
    }

    @Provide
    Arbitrary<Integer> portIds() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(shared.fixturePortIds())), Tuple.of(1, Arbitraries.integers()));
    }

    @Provide
    Arbitrary<AttachRequest> attachRequests() {
        return requests().attach();
    }

    @Provide
    Arbitrary<AttachVxlanRequest> attachVxlanRequests() {
        return requests().attachVxlan();
    }

    @Provide
    Arbitrary<AttachRawUdpRequest> attachRawUdpRequests() {
        return requests().attachRawUdp();
    }

    @Provide
    Arbitrary<AddImpairmentRequest> addImpairmentRequests() {
        return requests().addImpairment();
    }

    @Provide
    Arbitrary<PartitionRequest> partitionRequests() {
        return requests().partition();
    }

    @Provide
    Arbitrary<CutRequest> cutRequests() {
        return requests().cut();
    }

    @Provide
    Arbitrary<CaptureRequest> captureRequests() {
        return requests().capture();
    }
}
