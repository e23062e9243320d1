package io.vnetif.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnetif.server.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad file or combination fails when the options are built, naming what is wrong. */
class RemoteOptionsTest {
    @TempDir
    Path dir;

    @Test
    void badFilesAreNamed() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> RemoteOptions.builder().trustCertificates(missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(missing + ": cannot read it");
        assertThatThrownBy(() -> RemoteOptions.builder().trustCertificates(pki.serverKey()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(pki.serverKey() + ": no certificate in it");
        assertThatThrownBy(() -> RemoteOptions.builder().clientCertificate(pki.clientCertificate(), pki.clientCertificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(pki.clientCertificate() + ": no private key in it (want an unencrypted PKCS#8 key, -----BEGIN PRIVATE KEY-----)");
        assertThatThrownBy(() -> RemoteOptions.builder().clientCertificate(pki.clientCertificate(), pki.serverKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(pki.serverKey() + ": the private key does not belong to the certificate CN=vnetif test client");
        Path empty = Files.writeString(dir.resolve("token"), "\n");
        assertThatThrownBy(() -> RemoteOptions.builder().tokenFile(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(empty + ": the token file is empty");
        assertThatThrownBy(() -> RemoteOptions.builder().token("two words"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at position 4").hasMessageNotContaining("words");
    }

    @Test
    void theEnvironmentNamesTheFiles() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path token = Files.writeString(dir.resolve("token"), "secret\n");
        assertThat(RemoteOptions.fromEnvironment(Map.of()).tls()).isFalse();
        assertThat(RemoteOptions.fromEnvironment(Map.of(RemoteOptions.ENV_TLS_CA, "")).tls()).isFalse();
        RemoteOptions all = RemoteOptions.fromEnvironment(Map.of(RemoteOptions.ENV_TLS_CA, pki.ca().toString(),
                RemoteOptions.ENV_TLS_CERT, pki.clientCertificate().toString(), RemoteOptions.ENV_TLS_KEY, pki.clientKey().toString(),
                RemoteOptions.ENV_TOKEN_FILE, token.toString()));
        assertThat(all.tls()).isTrue();
        assertThat(all.credentials().channelCredentials("nohost.invalid:7400")).isNotNull(); // the token may go there: over TLS
        assertThatThrownBy(() -> RemoteOptions.fromEnvironment(Map.of(RemoteOptions.ENV_TLS_CERT, pki.clientCertificate().toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VNETIF_TLS_CERT and VNETIF_TLS_KEY go together");
        assertThatThrownBy(() -> RemoteOptions.fromEnvironment(Map.of(RemoteOptions.ENV_TOKEN_FILE, dir.resolve("none").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VNETIF_TOKEN_FILE")
                .hasMessageContaining(dir.resolve("none") + ": cannot read it");
    }

    @Test
    void withoutTlsATokenGoesOnlyToLoopbackLiterals() {
        RemoteOptions tokenOnly = RemoteOptions.builder().token("secret").build();
        for (String loopback : new String[] {"127.0.0.1:7400", "127.3.0.1:7400", "localhost:7400", "[::1]:7400", "dns:///127.0.0.1:7400"}) {
            assertThat(tokenOnly.credentials().channelCredentials(loopback)).as(loopback).isNotNull();
        }
        for (String remote : new String[] {"198.18.0.5:7400", "nohost.invalid:7400", "[2001:db8::1]:7400", "0.0.0.0:7400",
                "localhost.invalid:7400", "dns:///nohost.invalid:7400"}) {
            assertThatThrownBy(() -> tokenOnly.credentials().channelCredentials(remote)).as(remote).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("without TLS: anyone on the path could read it");
        }
        assertThat(RemoteOptions.plaintext().credentials().channelCredentials("198.18.0.5:7400")).isNotNull(); // nothing secret to send
    }
}
