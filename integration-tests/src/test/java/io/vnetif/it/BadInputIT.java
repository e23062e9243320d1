package io.vnetif.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vnetif.proto.v1.DropCount;
import io.vnetif.proto.v1.DropReason;
import io.vnetif.proto.v1.GetStatsRequest;
import io.vnetif.proto.v1.GetStatsResponse;
import io.vnetif.proto.v1.PortStats;
import io.vnetif.wire.DatagramHeader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken datagrams at a live switch's data port while two good clients talk: each is
 * dropped and counted under its reason, and the good traffic is not disturbed.
 */
class BadInputIT {
    private static final int EACH = 50;

    @Test
    void everyKindOfBadDatagramIsACountedDropAndGoodTrafficFlowsOn() throws Exception {
        // The raw ports renew no lease: give them one longer than the test.
        try (SwitchProcess sw = SwitchProcess.startWithFlags("--lease", "120s");
             ClientProcess a = ClientProcess.start("a", sw, "lab");
             ClientProcess b = ClientProcess.start("b", sw, "lab");
             RawPort raw = new RawPort(sw, "lab");
             DatagramSocket intruder = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            raw.hello();
            int id = raw.attached.getPortId();
            long secret = raw.attached.getSecret();
            String mac = raw.attached.getMac();
            Random random = new Random(7);

            Map<DropReason, byte[]> unattributed = new EnumMap<>(DropReason.class);
            byte[] garbage = new byte[60];
            random.nextBytes(garbage);
            garbage[0] = 0x47; // not the magic
            unattributed.put(DropReason.BAD_MAGIC, garbage);
            unattributed.put(DropReason.MALFORMED, new byte[] {0x56, 0x4E, 1, 1, 0});
            unattributed.put(DropReason.BAD_VERSION, withByte(RawPort.datagram(1, id, secret, RawPort.frame(mac, 60)), 2, 9));
            unattributed.put(DropReason.BAD_TYPE, withByte(RawPort.datagram(1, id, secret, RawPort.frame(mac, 60)), 3, 77));
            unattributed.put(DropReason.UNKNOWN_PORT, RawPort.datagram(1, id + 1000, secret, RawPort.frame(mac, 60)));
            unattributed.put(DropReason.DATAGRAM_TOO_LARGE, RawPort.datagram(1, id, secret, RawPort.frame(mac, 20_000)));

            // A wrong secret proves nothing about the sender: not the port's drop, whatever port it names.
            unattributed.put(DropReason.BAD_SECRET, RawPort.datagram(1, id, secret ^ 0x5555, RawPort.frame(mac, 60)));

            Map<DropReason, byte[]> onRawPort = new EnumMap<>(DropReason.class);
            onRawPort.put(DropReason.FRAME_TOO_LONG, RawPort.datagram(1, id, secret, RawPort.frame(mac, 1515)));
            onRawPort.put(DropReason.FRAME_TOO_SHORT, RawPort.datagram(1, id, secret, RawPort.frame(mac, 13)));
            onRawPort.put(DropReason.SPOOFED_SOURCE_MAC, RawPort.datagram(1, id, secret, RawPort.frame(a.mac(), 60)));

            int good = 0;
            for (int round = 0; round < EACH; round++) {
                for (byte[] d : unattributed.values()) {
                    raw.send(d);
                }
                for (byte[] d : onRawPort.values()) {
                    raw.send(d);
                }
                // Right credentials, wrong socket.
                byte[] stolen = RawPort.datagram(DatagramHeader.TYPE_FRAME, id, secret, RawPort.frame(mac, 60));
                intruder.send(new DatagramPacket(stolen, stolen.length, raw.switchData()));
                a.send(b.mac(), "good " + round);
                good++;
            }
            for (int i = 0; i < good; i++) {
                assertThat(b.nextText()).isEqualTo(a.mac() + " good " + i);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> countsOf(sw).unattributed.values().stream().mapToLong(Long::longValue).sum()
                    >= (long) EACH * unattributed.size());
            Counts counts = countsOf(sw);
            for (DropReason r : unattributed.keySet()) {
                assertThat(counts.unattributed.get(r)).as(r.name()).isEqualTo(EACH);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> countsOf(sw).rawPort.getOrDefault(DropReason.WRONG_SOURCE_ENDPOINT, 0L) == EACH);
            counts = countsOf(sw);
            for (DropReason r : onRawPort.keySet()) {
                assertThat(counts.rawPort.get(r)).as(r.name()).isEqualTo(EACH);
            }
            assertThat(counts.rawPort.get(DropReason.WRONG_SOURCE_ENDPOINT)).isEqualTo(EACH);
            // The good clients' ports saw no drops at all.
            assertThat(counts.others).isEmpty();
        }
    }

    private static byte[] withByte(byte[] datagram, int index, int value) {
        datagram[index] = (byte) value;
        return datagram;
    }

    private record Counts(Map<DropReason, Long> unattributed, Map<DropReason, Long> rawPort, List<DropCount> others) {
    }

    private static Counts countsOf(SwitchProcess sw) {
        GetStatsResponse stats = sw.admin().getStats(GetStatsRequest.getDefaultInstance());
        Map<DropReason, Long> unattributed = new EnumMap<>(DropReason.class);
        stats.getUnattributedDropsList().forEach(d -> unattributed.put(d.getReason(), d.getCount()));
        Map<DropReason, Long> raw = new EnumMap<>(DropReason.class);
        List<DropCount> others = new java.util.ArrayList<>();
        for (PortStats p : stats.getPortsList()) {
            if (p.getLabel().equals("raw") && !p.getCounters().getDropsList().isEmpty()) {
                p.getCounters().getDropsList().forEach(d -> raw.merge(d.getReason(), d.getCount(), Long::sum));
            } else if (p.getLabel().equals("it-client")) {
                others.addAll(p.getCounters().getDropsList());
            }
        }
        return new Counts(unattributed, raw, others);
    }
}
