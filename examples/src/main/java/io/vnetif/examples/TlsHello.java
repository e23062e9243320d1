/*
 * Attaches to a switch that serves its control port over TLS and asks for a token, reading the CA and the token
 * from ~/vnetif-tls, as made by the recipe of docs/security.md#exposing-the-switch-tls-and-a-token:
 * java -cp vnetif-examples.jar io.vnetif.examples.TlsHello HOST:PORT
 */
package io.vnetif.examples;

// docs:begin tls-hello
import io.vnetif.client.RemoteOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import java.nio.file.Path;

public class TlsHello {
    public static void main(String[] args) {
        Path dir = Path.of(System.getProperty("user.home"), "vnetif-tls");
        RemoteOptions options = RemoteOptions.builder()
                .trustCertificates(dir.resolve("ca.pem")) // the CA that signed the switch's certificate
                .tokenFile(dir.resolve("token"))
                .build();
        try (VirtualSwitch lan = VirtualSwitch.remote(args[0], options);
             Vnetif nic = lan.attach("lab")) {
            System.out.println("attached " + nic.mac() + " to lab over TLS");
        }
    }
}
// docs:end tls-hello
