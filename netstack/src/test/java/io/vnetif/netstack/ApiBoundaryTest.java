package io.vnetif.netstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.testing.ApiSurface;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack's public API — the public types of {@code io.vnetif.netstack} and {@code io.vnetif.netstack.stats} —
 * mentions only the JDK, the client library's API and itself: no protocol layer, no Netty; and
 * docs/architecture.md#the-public-api lists it.
 */
class ApiBoundaryTest {
    private static final Path ARCHITECTURE = Path.of(System.getProperty("vnetif.root", "..")).resolve("docs/architecture.md");
    private static ApiSurface api;

    @BeforeAll
    static void readTheApi() throws Exception {
        api = ApiSurface.of(Path.of("target/classes"), List.of("io/vnetif/netstack", "io/vnetif/netstack/stats"),
                ApiBoundaryTest.class.getClassLoader());
        assertThat(api.types()).as("public API types found").hasSizeGreaterThan(4);
    }

    @Test
    void publicSignaturesUseOnlyApiTypes() {
        assertThat(api.leaks(n -> n.startsWith("java.") || n.startsWith("javax.net.") || n.startsWith("io.vnetif.api.")
                || n.startsWith("io.vnetif.client.") || n.matches("io\\.vnetif\\.netstack\\.(stats\\.)?[A-Z].*")))
                .as("non-API types in the public API").isEmpty();
    }

    @Test
    void theArchitecturePageListsThePublicApi() throws Exception {
        assertThat(api.unlistedIn(ARCHITECTURE, "## The public API")).as("public types the page does not list").isEmpty();
    }
}
