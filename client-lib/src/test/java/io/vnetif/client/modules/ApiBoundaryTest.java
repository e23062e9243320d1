package io.vnetif.client.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.testing.ApiSurface;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client library's public API — every public type of its exported packages — uses only API types in
 * its signatures (the JDK, {@code io.vnetif.api}, {@code io.vnetif.client}), never the engine, the wire
 * formats, gRPC or Netty; and docs/architecture.md#the-public-api lists exactly those types.
 */
class ApiBoundaryTest {
    private static final Path ARCHITECTURE = Path.of(System.getProperty("vnetif.root", "..")).resolve("docs/architecture.md");
    private static ApiSurface api;

    @BeforeAll
    static void readTheApi() throws Exception {
        api = ApiSurface.of(Path.of("target/classes"), List.of("io/vnetif/client", "io/vnetif/client/pcapng"),
                ApiBoundaryTest.class.getClassLoader());
        assertThat(api.types()).as("public API types found").hasSizeGreaterThan(10);
    }

    @Test
    void publicSignaturesUseOnlyApiTypes() {
        assertThat(api.leaks(n -> n.startsWith("java.") || n.startsWith("io.vnetif.api.") || n.startsWith("io.vnetif.client.")))
                .as("non-API types in the public API").isEmpty();
    }

    @Test
    void theArchitecturePageListsThePublicApi() throws Exception {
        assertThat(api.unlistedIn(ARCHITECTURE, "## The public API")).as("public types the page does not list").isEmpty();
    }
}
