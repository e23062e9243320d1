package io.vnetif.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnetif.api.Refusal;
import io.vnetif.core.ControlException;
import io.vnetif.proto.security.AccessToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file: what each line grants, and a clear error naming file and line for each mistake. */
class TenantsTest {
    private static final String A = "aaaaaaaaaaaaaaaa0001";
    private static final String B = "bbbbbbbbbbbbbbbb0002";
    private static final String OPS = "cccccccccccccccc0003";

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        return Files.write(dir.resolve("tokens"), java.util.List.of(lines));
    }

    @Test
    void eachTokenGetsItsNetworksAndRoles() throws IOException {
        Tenants tenants = Tenants.read(file("# name token networks roles", "", "ci-a " + A + " ci-a,ci-a-* attach,observe",
                "ci-b\t" + B + "\tci-b-*\tattach,impair,capture,observe", "ops " + OPS + " * admin"));
        assertThat(tenants.size()).isEqualTo(3);
        assertThat(tenants.scoped()).isTrue();
        Grant a = tenants.grantOf("Bearer " + A);
        assertThat(a.name()).isEqualTo("ci-a");
        assertThat(a.allows(Role.ATTACH, "ci-a")).isTrue();
        assertThat(a.allows(Role.ATTACH, "ci-a-7")).isTrue();
        assertThat(a.allows(Role.ATTACH, "ci-ab")).as("a prefix only with its *").isFalse();
        assertThat(a.allows(Role.IMPAIR, "ci-a")).as("a role it was not given").isFalse();
        assertThat(a.sees("ci-b-1")).isFalse();
        assertThat(a.allowsEverywhere(Role.OBSERVE)).isFalse();
        Grant ops = tenants.grantOf("Bearer " + OPS);
        assertThat(ops.allows(Role.CAPTURE, "anything")).as("admin implies every role").isTrue();
        assertThat(ops.allowsEverywhere(Role.ADMIN)).isTrue();
        assertThat(tenants.grantOf("Bearer " + A + "x")).isNull();
        assertThat(tenants.grantOf(null)).isNull();
    }

    @Test
    void aRefusalNamesTheNetworkTheTokenAndWhatItMayDo() throws IOException {
        Grant b = Tenants.read(file("ci-b " + B + " ci-b-* attach,observe")).grantOf("Bearer " + B);
        assertThatThrownBy(() -> b.require(Role.IMPAIR, "ci-a-1")).isInstanceOfSatisfying(ControlException.class, e -> {
            assertThat(e.refusal()).isEqualTo(Refusal.PERMISSION_DENIED);
            assertThat(e.getMessage()).isEqualTo("token 'ci-b' may not impair on network 'ci-a-1' (it may attach, observe on ci-b-*): "
                    + "use a token that may");
        });
        b.require(Role.ATTACH, "ci-b-1");
    }

    @Test
    void theSingleTokenOfTokenFileMayDoEverything() {
        Tenants single = Tenants.single(AccessToken.of("s3cret"));
        assertThat(single.scoped()).isFalse();
        assertThat(single.grantOf("Bearer s3cret")).isSameAs(Grant.EVERYTHING);
        assertThat(Grant.EVERYTHING.allowsEverywhere(Role.ADMIN)).isTrue();
    }

    @Test
    void mistakesNameTheFileAndLineAndNeverTheToken() throws IOException {
        assertRefused(file("ci-a " + A + " ci-a"), ":1: 3 fields where 4 belong: NAME TOKEN NETWORKS ROLES");
        assertRefused(file("# ok", "ci-a " + A + " ci-a attach,steal"), ":2: no role 'steal' (roles: attach, impair, capture, observe, admin)");
        assertRefused(file("ci-a " + A + " ci-a,*x attach"), ":1: bad network pattern '*x' of 'ci-a'");
        assertRefused(file("ci-a short ci-a attach"), ":1: the token of 'ci-a' has 5 characters: use at least 16");
        assertRefused(file("ci-a " + A + " ci-a attach", "ci-a " + B + " ci-b attach"), ":2: the name 'ci-a' is taken by an earlier line");
        assertRefused(file("ci-a " + A + " ci-a attach", "ci-b " + A + " ci-b attach"), ":2: the token of 'ci-b' is an earlier line's");
        assertRefused(file("-x " + A + " ci-a attach"), ":1: bad name '-x'");
        assertRefused(file("# nothing"), ": no tokens (one line each: NAME TOKEN NETWORKS ROLES");
        assertThatThrownBy(() -> Tenants.read(dir.resolve("missing"))).hasMessageContaining("missing: cannot read it");
    }

    private static void assertRefused(Path file, String message) {
        assertThatThrownBy(() -> Tenants.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(A, B).doesNotContain("\n"));
    }
}
