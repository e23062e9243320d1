package io.vnetif.cli.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * netcat's job on one connection: standard input to the connection (then a half-close), the connection to
 * standard output. It ends when the peer ends its side, as {@code nc -N} does: what standard input still
 * holds then has no one to read it.
 */
public final class Pipe {
    private Pipe() {
    }

    /** Runs until the peer ended its side of the connection. */
    public static void run(Socket s, InputStream stdin, OutputStream stdout) throws IOException {
        Thread sender = new Thread(() -> {
            try {
                stdin.transferTo(s.getOutputStream());
                s.shutdownOutput();
            } catch (IOException e) {
                // the connection went away: the reading side reports it
            }
        }, "vnetif-host-stdin");
        sender.setDaemon(true);
        sender.start();
        s.getInputStream().transferTo(stdout);
        stdout.flush();
    }
}
