package io.vnetif.client.pcapng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PcapngWriterTest {
    @Test
    void writesBlocksThatReadBackWithLongUnicodeNamesAndComments() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(out)) {
            String name = "端口".repeat(40);                      // 240 bytes of UTF-8 in 80 characters
            int id = w.addInterface(name, "描述".repeat(50));
            w.writePacket(id, 1_795_593_645_123_456_789L, ByteBuffer.wrap(new byte[] {1, 2, 3}), 60, PcapngWriter.Direction.OUTBOUND,
                    "丢失".repeat(30));
        }
        PcapngReader read = new PcapngReader(out.toByteArray());
        assertThat(read.interfaceNames).containsExactly("端口".repeat(40));
        assertThat(read.packets).singleElement().satisfies(p -> {
            assertThat(p.nanos()).isEqualTo(1_795_593_645_123_456_789L);
            assertThat(p.data()).containsExactly(1, 2, 3);
            assertThat(p.originalLength()).isEqualTo(60);
            assertThat(p.direction()).isEqualTo(2);
            assertThat(p.comment()).isEqualTo("丢失".repeat(30));
        });
    }

    @Test
    void refusesPacketsForUnknownInterfacesAndOversizedOptions() throws Exception {
        PcapngWriter w = new PcapngWriter(new ByteArrayOutputStream());
        assertThatThrownBy(() -> w.writePacket(0, 0, ByteBuffer.allocate(1), 1, PcapngWriter.Direction.UNKNOWN, null))
                .hasMessageContaining("no interface 0");
        assertThatThrownBy(() -> w.addInterface("x".repeat(70_000), "")).hasMessageContaining("at most 65535");
    }
}
