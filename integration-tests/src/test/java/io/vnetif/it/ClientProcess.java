package io.vnetif.it;

import io.vnetif.junit.ChildProcess;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;

/** A forked {@link ClientMain} attached to a switch. */
final class ClientProcess implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ChildProcess jvm;
    private final String mac;

    private ClientProcess(ChildProcess jvm, String mac) {
        this.jvm = jvm;
        this.mac = mac;
    }

    static ClientProcess start(String name, SwitchProcess sw, String network, String... macAndLabel) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(sw.control(), network));
        args.addAll(List.of(macAndLabel));
        return start(name, args);
    }

    /** A client whose calls carry the token in {@code tokenFile}, its port labelled {@code label}. */
    static ClientProcess startWithToken(String name, SwitchProcess sw, String network, String label, java.nio.file.Path tokenFile)
            throws Exception {
        return start(name, List.of(sw.control(), network, "-", label, tokenFile.toString()));
    }

    private static ClientProcess start(String name, List<String> args) throws Exception {
        ChildProcess jvm = Launch.main(name, ClientMain.class, args);
        Matcher ready = jvm.expect("READY mac=(\\S+)", TIMEOUT);
        return new ClientProcess(jvm, ready.group(1));
    }

    String mac() {
        return mac;
    }

    void send(String dst, String text) {
        jvm.send("SEND " + dst + " " + text);
    }

    /** Sends a frame given in hex as it is. */
    void sendFrame(String hex) {
        jvm.send("SENDHEX " + hex);
    }

    /** Waits for the next received text frame and returns "src text". */
    String nextText() throws InterruptedException {
        Matcher m = jvm.expect("^RX src=(\\S+) dst=\\S+ text=(.*)$", TIMEOUT);
        return m.group(1) + " " + m.group(2);
    }

    void expectState(String state) throws InterruptedException {
        jvm.expect("^STATE " + state + "$", TIMEOUT);
    }

    /** Sends sequence frames [from, to) to {@code dst} and waits until they are written. */
    void sendSequence(String dst, long from, long to) throws InterruptedException {
        jvm.send("SENDSEQ " + dst + " " + from + " " + to);
        jvm.expect("^SENT " + to + "$", TIMEOUT);
    }

    /** {received, bad} sequence frames so far. */
    long[] sequenceReport() throws InterruptedException {
        jvm.send("REPORT");
        Matcher m = jvm.expect("^SEQ received=(\\d+) bad=(\\d+)$", TIMEOUT);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    void kill9() throws InterruptedException {
        jvm.kill9();
    }

    /** Asks the client to close its interface (which detaches the port) and exit. */
    @Override
    public void close() throws InterruptedException {
        jvm.send("QUIT");
        try {
            jvm.awaitExit(TIMEOUT);
        } finally {
            jvm.close();
        }
    }
}
