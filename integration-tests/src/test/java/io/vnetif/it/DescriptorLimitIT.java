package io.vnetif.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vnetif.proto.v1.AttachRawUdpRequest;
import io.vnetif.proto.v1.ListPortsRequest;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Raw-UDP ports take a socket each; a switch that spent every file descriptor on them could no longer be
 * managed: 9 984 raw ports used all 20 000 descriptors, new gRPC connections and the metrics endpoint
 * failed, and further attaches got FAILED_PRECONDITION. Now the switch keeps --reserved-fds of its
 * limit for control connections and metrics, and refuses the port with RESOURCE_EXHAUSTED.
 */
class DescriptorLimitIT {
    private static final int LIMIT = 512;
    private static final int RESERVE = 64;

    @Test
    void rawPortsStopShortOfTheDescriptorLimitAndTheSwitchStaysManageable() throws Exception {
        try (SwitchProcess sw = SwitchProcess.startWithDescriptorLimit(LIMIT, "--reserved-fds", Integer.toString(RESERVE),
                "--max-attaches-per-second", "0")) {
            int attached = 0;
            StatusRuntimeException refused = null;
            for (int i = 0; i < LIMIT && refused == null; i++) {
                try {
                    // A remote each: ports aimed at one endpoint are bounded too. Nothing is ever sent to them.
                    sw.admin().attachRawUdp(AttachRawUdpRequest.newBuilder().setNetwork("lab").setRemote("127.0.0.1:" + (20_000 + i)).build());
                    attached++;
                } catch (StatusRuntimeException e) {
                    refused = e;
                }
            }
            System.out.println("raw-UDP ports attached under ulimit -n " + LIMIT + ": " + attached);
            assertThat(refused).as("a refusal before the limit").isNotNull();
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(refused.getStatus().getDescription()).contains("no file descriptor left for a raw-UDP port's socket",
                    "kept for control connections and metrics (--reserved-fds)");
            long open = sw.openDescriptors();
            System.out.println("the switch's open descriptors then: " + open + " of " + LIMIT);
            assertThat(attached).as("ports attached (the JVM itself holds a couple of hundred descriptors)").isGreaterThan(100);
            assertThat(open).as("descriptors open: the room up to the reserve used, the reserve left")
                    .isBetween((long) LIMIT - RESERVE - 8, (long) LIMIT - RESERVE);

            // What the reserve is for: new control connections and the metrics endpoint still work.
            List<ManagedChannel> channels = new ArrayList<>();
            try {
                for (int i = 0; i < RESERVE / 4; i++) {
                    ManagedChannel c = Grpc.newChannelBuilder(sw.control(), InsecureChannelCredentials.create()).build();
                    channels.add(c);
                    assertThat(SwitchServiceGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .listPorts(ListPortsRequest.getDefaultInstance()).getPortsCount()).isEqualTo(attached);
                }
            } finally {
                channels.forEach(ManagedChannel::shutdownNow);
            }
            assertThat(sw.scrape()).as("the metrics endpoint answers").contains("vnetif_network_ports{network=\"lab\"} " + attached + ".0");
        }
    }
}
