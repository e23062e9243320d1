package io.vnetif.cli.host;

import io.vnetif.netstack.NetStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The services of a diagnostic host, each on a port of its stack: TCP and UDP on the same port number, as
 * inetd offers echo (7), discard (9) and chargen (19). Connections beyond the limit are closed at once and
 * said so.
 */
public final class Services implements AutoCloseable {
    /** What a TCP service does with one accepted connection. */
    @FunctionalInterface
    interface Handler {
        void serve(Socket s) throws IOException;
    }

    /** What a UDP service does with one datagram (it may answer on the socket). */
    @FunctionalInterface
    interface DatagramHandler {
        void serve(DatagramSocket socket, DatagramPacket p) throws IOException;
    }

    private final NetStack stack;
    private final PrintWriter out;
    private final Semaphore connections;
    private final List<AutoCloseable> open = new ArrayList<>();

    /** Services on {@code stack} printing to {@code out}, at most {@code maxConnections} TCP connections at once. */
    public Services(NetStack stack, PrintWriter out, int maxConnections) {
        this.stack = stack;
        this.out = out;
        this.connections = new Semaphore(maxConnections);
    }

    /** Echo (RFC 862): TCP sends back every byte, UDP every datagram. */
    public void echo(int port) throws IOException {
        tcp("echo", port, s -> {
            long bytes = s.getInputStream().transferTo(s.getOutputStream());
            s.shutdownOutput();
            say("echo %d: %s closed after %d bytes", port, peer(s), bytes);
        });
        udp("echo", port, (socket, p) -> socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress())));
    }

    /** Discard (RFC 863): TCP reads to the end and says how many bytes, their SHA-256 and the rate; UDP counts. */
    public void discard(int port) throws IOException {
        tcp("discard", port, s -> {
            Tally t = Tally.of(s.getInputStream());
            say("discard %d: %s closed after %d bytes, sha256 %s, %s", port, peer(s), t.bytes(), t.sha256(), t.rate());
        });
        udp("discard", port, (socket, p) -> { });
    }

    /**
     * Source (as chargen, RFC 864, but of pseudo-random bytes): TCP sends {@code bytes} bytes (0: until the
     * peer closes) of a fixed stream and says their SHA-256; UDP answers each datagram with one of 1024 bytes.
     */
    public void source(int port, long bytes) throws IOException {
        tcp("source", port, s -> {
            s.shutdownInput();
            Tally t = Tally.send(s.getOutputStream(), bytes);
            s.shutdownOutput();
            say("source %d: sent %s %d bytes, sha256 %s, %s", port, peer(s), t.bytes(), t.sha256(), t.rate());
        });
        udp("source", port, (socket, p) -> socket.send(new DatagramPacket(Tally.block(1024), 1024, p.getSocketAddress())));
    }

    private void tcp(String name, int port, Handler handler) throws IOException {
        ServerSocket listening = stack.serverSocket(port, 128);
        open.add(listening);
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                Socket s;
                try {
                    s = listening.accept();
                } catch (IOException e) {
                    return; // closed
                }
                if (!connections.tryAcquire()) {
                    say("%s %d: refused %s: %d connections at once at most (--max-connections)", name, port, peer(s),
                            connections.availablePermits());
                    closeQuietly(s);
                    continue;
                }
                Thread worker = new Thread(() -> {
                    try (s) {
                        handler.serve(s);
                    } catch (IOException e) {
                        say("%s %d: %s failed: %s", name, port, peer(s), e.getMessage());
                    } finally {
                        connections.release();
                    }
                }, "vnetif-host-" + name + "-" + peer(s));
                worker.setDaemon(true);
                worker.start();
            }
        }, "vnetif-host-" + name + "-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void udp(String name, int port, DatagramHandler handler) throws IOException {
        DatagramSocket socket = stack.datagramSocket(port);
        open.add(socket);
        Thread reader = new Thread(() -> {
            DatagramPacket p = new DatagramPacket(new byte[65_535], 65_535);
            long datagrams = 0;
            while (!socket.isClosed()) {
                try {
                    p.setLength(65_535);
                    socket.receive(p);
                    if (datagrams++ == 0) {
                        say("%s %d/udp: first datagram from %s (%d bytes)", name, port, p.getSocketAddress(), p.getLength());
                    }
                    handler.serve(socket, p);
                } catch (SocketException e) {
                    return; // closed
                } catch (IOException e) {
                    say("%s %d/udp: %s", name, port, e.getMessage());
                }
            }
        }, "vnetif-host-" + name + "-udp-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    private static String peer(Socket s) {
        return s.getInetAddress().getHostAddress() + ":" + s.getPort();
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.println(String.format(format, args));
            out.flush();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing a socket we refused: nothing to add
        }
    }

    @Override
    public void close() {
        open.forEach(Services::closeQuietly);
    }
}
