package io.vnetif.bench.netstack;

import io.vnetif.client.VirtualSwitch;
import io.vnetif.netstack.NetStack;
import io.vnetif.netstack.TcpOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Two stacks on one network of a switch in this JVM (no sockets of the OS): a server (198.19.0.7) and a
 * client (198.19.0.5), both with the same TCP settings. Each stack runs its loop thread and its interface's
 * receive thread; the in-process switch forwards on the sending loop's thread.
 */
final class StackPair implements AutoCloseable {
    static final String NETWORK = "bench";
    static final String SERVER = "198.19.0.7";
    static final String CLIENT = "198.19.0.5";

    final VirtualSwitch lan = VirtualSwitch.inProcess();
    final NetStack server;
    final NetStack client;

    StackPair(TcpOptions tcp) {
        server = NetStack.builder(lan.attach(NETWORK)).address(SERVER + "/24").tcp(tcp).build();
        client = NetStack.builder(lan.attach(NETWORK)).address(CLIENT + "/24").tcp(tcp).build();
    }

    /** A connection to {@code listening} (a server socket of {@link #server}): the client's end and the server's, accepted. */
    Connection connect(ServerSocket listening) throws IOException {
        Socket c = client.socket();
        c.connect(new InetSocketAddress(SERVER, listening.getLocalPort()), 10_000);
        return new Connection(c, listening.accept());
    }

    /** A bulk transfer of {@code bytes} on a new connection to {@code listening}, client to server; its nanoseconds. */
    long transfer(ServerSocket listening, long bytes) throws IOException, InterruptedException {
        try (Connection conn = connect(listening)) {
            return BulkTransfer.run(conn.client(), conn.server(), bytes);
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
        lan.close();
    }

    /** Both ends of one connection. */
    record Connection(Socket client, Socket server) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try (client; server) {
                // both closed, the client's first
            }
        }
    }
}
