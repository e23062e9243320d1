package io.vnetif.it;

import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Opens N connections to an echo service at once with the kernel's sockets (run inside a test host),
 * then sends on every one of them and checks every echo. Arguments: {@code <ip> <port> <connections>
 * <bytes each>}. Prints {@code opened N} when all are open and {@code echoed N} when all came back.
 */
public final class KernelEchoClients {
    private KernelEchoClients() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress echo = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int connections = Integer.parseInt(args[2]);
        int bytes = Integer.parseInt(args[3]);
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Socket s = new Socket();
            s.connect(echo, 30_000);
            open.add(s);
        }
        System.out.println("opened " + open.size());
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < open.size(); i++) {
            Socket s = open.get(i);
            byte[] sent = new byte[bytes];
            new Random(i).nextBytes(sent);
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    s.getOutputStream().write(sent);
                    s.shutdownOutput();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            all.add(CompletableFuture.runAsync(() -> {
                try (s) {
                    byte[] back = new byte[bytes];
                    new DataInputStream(s.getInputStream()).readFully(back);
                    if (!Arrays.equals(back, sent) || s.getInputStream().read() != -1) {
                        throw new IllegalStateException("connection " + s.getLocalPort() + " echoed other bytes");
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).thenCombine(writing, (a, b) -> null));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        System.out.println("echoed " + all.size());
    }
}
