package io.vnetif.netstack.tcp;

import io.vnetif.netstack.core.VirtualLan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One byte stream from a client host to a server host over the stacks' TCP, driven by the virtual LAN's
 * loop without threads: the application side writes as the send buffer takes it and reads as data arrives,
 * half-closes when done, and the server reads to the end.
 */
final class Transfer {
    private final VirtualLan lan;
    private final VirtualLan.Host client;
    private final VirtualLan.Host server;
    private final byte[] data;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[64 * 1024];
    private TcpListener listener;
    private TcpConnection sending;
    private TcpConnection receiving;
    private int written;
    private boolean shutDown;
    private boolean ended;

    private final int port;
    private Runnable afterEachStep = () -> { };

    Transfer(VirtualLan lan, VirtualLan.Host client, VirtualLan.Host server, byte[] data) {
        this(lan, client, server, data, 80);
    }

    Transfer(VirtualLan lan, VirtualLan.Host client, VirtualLan.Host server, byte[] data, int port) {
        this.lan = lan;
        this.client = client;
        this.server = server;
        this.data = data;
        this.port = port;
    }

    /** Runs {@code check} after every step of the loop (every frame or timer). */
    void afterEachStep(Runnable check) {
        this.afterEachStep = check;
    }

    /** Runs until the server read every byte and the end, or {@code limitNanos} of virtual time passed. */
    boolean run(long limitNanos) throws IOException {
        listener = server.stack.tcp().listen(port, 16);
        sending = client.stack.tcp().connect(server.address, port, 0, false, false, lan.now());
        try {
            return lan.runUntil(this::step, limitNanos);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private boolean step() {
        try {
            while (receiving == null) {
                listener.lock.lock();
                TcpConnection next;
                try {
                    next = listener.poll();
                } finally {
                    listener.lock.unlock();
                }
                if (next == null) {
                    break;
                }
                if (next.remotePort() == sending.localPort()) {
                    receiving = next; // others are handshakes an injector made up
                }
            }
            sending.lock.lock();
            try {
                if (sending.error() != null) {
                    throw sending.error();
                }
                if (sending.connectDone()) {
                    while (written < data.length) {
                        int n = sending.write(data, written, data.length - written);
                        if (n == 0) {
                            break;
                        }
                        written += n;
                    }
                    if (written == data.length && !shutDown) {
                        sending.requestShutdownOutput();
                        shutDown = true;
                    }
                    client.stack.tcp().serve(sending, false, lan.now());
                }
            } finally {
                sending.lock.unlock();
            }
            if (receiving != null) {
                receiving.lock.lock();
                try {
                    int n;
                    while ((n = receiving.read(buffer, 0, buffer.length)) > 0) {
                        received.write(buffer, 0, n);
                    }
                    if (n < 0) {
                        ended = true;
                    }
                    server.stack.tcp().serve(receiving, false, lan.now());
                } finally {
                    receiving.lock.unlock();
                }
            }
            afterEachStep.run();
            return ended;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] received() {
        return received.toByteArray();
    }

    TcpConnection sender() {
        return sending;
    }

    TcpConnection receiver() {
        return receiving;
    }
}
