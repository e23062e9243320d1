package io.vnetif.netstack.tcp;

import io.vnetif.netstack.core.VirtualLan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A client writes bytes to an echo service on another host and reads them back, on virtual time: data
 * flows both ways at once, so segments carry data, ACKs, timestamps and SACK blocks together.
 */
final class Echo {
    private final VirtualLan lan;
    private final VirtualLan.Host client;
    private final VirtualLan.Host server;
    private final byte[] data;
    private final ByteArrayOutputStream back = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[65536];
    /** What the echo read, at its stream positions: reads run ahead of writes by at most {@link #relayLimit}. */
    private final byte[] relay;
    /**
     * How far the echo's reads may run ahead of its writes: the whole stream, or as little as a server that
     * reads only what it can write back (InputStream.transferTo), whose reader then waits on its writer.
     */
    private final int relayLimit;
    private TcpListener listener;
    private TcpConnection connection;
    private TcpConnection echo;
    private int written;
    private int relayed;
    private int returned;

    Echo(VirtualLan lan, VirtualLan.Host client, VirtualLan.Host server, byte[] data) {
        this(lan, client, server, data, data.length);
    }

    Echo(VirtualLan lan, VirtualLan.Host client, VirtualLan.Host server, byte[] data, int relayLimit) {
        this.relayLimit = relayLimit;
        this.lan = lan;
        this.client = client;
        this.server = server;
        this.data = data;
        this.relay = new byte[data.length];
    }

    /** Runs until every byte came back, or {@code limitNanos} of virtual time passed. */
    boolean run(long limitNanos) throws IOException {
        listener = server.stack.tcp().listen(7, 16);
        connection = client.stack.tcp().connect(server.address, 7, 0, false, false, lan.now());
        try {
            return lan.runUntil(this::step, limitNanos);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private boolean step() {
        try {
            if (echo == null) {
                listener.lock.lock();
                try {
                    echo = listener.poll();
                } finally {
                    listener.lock.unlock();
                }
            }
            if (connection.error() != null) {
                throw connection.error();
            }
            if (connection.connectDone() && written < data.length) {
                written += connection.write(data, written, data.length - written);
            }
            int n;
            while ((n = connection.read(buffer, 0, buffer.length)) > 0) {
                back.write(buffer, 0, n);
            }
            client.stack.tcp().serve(connection, false, lan.now());
            if (echo != null) {
                int took;
                do { // with a small relay, read again what writing back made room for
                    while ((n = echo.read(relay, relayed, Math.min(relay.length - relayed, relayLimit - (relayed - returned)))) > 0) {
                        relayed += n;
                    }
                    took = echo.write(relay, returned, relayed - returned);
                    returned += took;
                } while (took > 0);
                server.stack.tcp().serve(echo, false, lan.now());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return back.size() == data.length;
    }

    byte[] returned() {
        return back.toByteArray();
    }

    /** Both ends, for a failure message. */
    String describe() {
        return "client " + connection.info() + ", echo " + (echo == null ? "not accepted" : echo.info()) + ", written " + written
                + ", relayed " + relayed + ", echoed " + returned + ", back " + back.size();
    }
}
