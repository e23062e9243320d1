package io.vnetif.netstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.client.VirtualSwitch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The first example of docs/netstack.md#a-first-example, as it is quoted there. */
class NetStackExampleTest {
    @Test
    void twoStacksInOneJvmTalkTcpWithNoSocketOfTheOs() throws Exception {
        String said;
        // docs:begin netstack-first
        try (VirtualSwitch lan = VirtualSwitch.inProcess();                  // or VirtualSwitch.remote("127.0.0.1:7400")
             NetStack server = NetStack.on(lan.attach("lab"), "198.19.0.7/24");
             NetStack client = NetStack.on(lan.attach("lab"), "198.19.0.5/24");
             ServerSocket listening = server.serverSocket(8080)) {           // a real java.net.ServerSocket
            CompletableFuture<String> heard = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = listening.accept();
                     var in = new BufferedReader(new InputStreamReader(accepted.getInputStream(), StandardCharsets.UTF_8))) {
                    return in.readLine();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket s = client.socket()) {                               // a real java.net.Socket
                s.connect(new InetSocketAddress("198.19.0.7", 8080), 3_000);
                new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println("hello over TCP");
            }
            said = heard.get();                                              // "hello over TCP"
        }
        // docs:end netstack-first
        assertThat(said).isEqualTo("hello over TCP");
    }
}
