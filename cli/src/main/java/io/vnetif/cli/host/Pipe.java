package io.vnetif.cli.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * netcat's job on one connection: standard input to the connection (then a half-close), the connection to
 * standard output. It ends when both are done: the peer ended its side and standard input reached its end
 * (or the connection can take no more), so a peer that half-closes still gets everything.
 */
public final class Pipe {
    private Pipe() {
    }

    /** How long closing the connection may wait for the peer to acknowledge the last bytes and the FIN. */
    private static final int LINGER_SECONDS = 10;

    /**
     * Runs until the peer ended its side and standard input was sent (or the connection failed). Closing
     * {@code s} afterwards waits until the peer has everything (SO_LINGER): the stack ends with this command,
     * and closing it resets what it still holds.
     */
    public static void run(Socket s, InputStream stdin, OutputStream stdout) throws IOException {
        s.setSoLinger(true, LINGER_SECONDS);
        Thread sender = new Thread(() -> {
            try {
                stdin.transferTo(s.getOutputStream());
                s.shutdownOutput();
            } catch (IOException e) {
                // the connection went away: the reading side reports it, or it ended already
            }
        }, "vnetif-host-stdin");
        sender.setDaemon(true);
        sender.start();
        s.getInputStream().transferTo(stdout);
        stdout.flush();
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while standard input was still being sent");
        }
    }
}
