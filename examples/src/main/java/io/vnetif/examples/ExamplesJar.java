package io.vnetif.examples;

/**
 * The entry point of {@code vnetif-examples.jar}: {@code java -jar vnetif-examples.jar [HOST:PORT | --in-process]}
 * runs {@link QuickStart}; {@code --help} says so. A failure is one line (exit 1 when the switch is unreachable or
 * refuses, 2 for a bad argument), not a stack trace: the jar is what a new user runs first.
 */
public final class ExamplesJar {
    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar vnetif-examples.jar [HOST:PORT | --in-process]",
            "Runs the README's first example: two interfaces on network \"demo\"; one sends \"hello world\", the other prints it.",
            "  HOST:PORT      a running switch's control address (port 7400 when left out);",
            "                 without one: $VNETIF_SWITCH, else 127.0.0.1:7400",
            "  --in-process   the same code on a switch inside this JVM: no server needed",
            "  -h, --help     show this text",
            "More examples in the jar (java -cp vnetif-examples.jar CLASS ARGS; switch: $VNETIF_SWITCH, else 127.0.0.1:7400):",
            "  io.vnetif.examples.Connect server | client COUNT",
            "  io.vnetif.examples.Iperf receiver | sender RECEIVER-MAC SECONDS",
            "  io.vnetif.examples.Chatter NAME",
            "  io.vnetif.examples.TlsHello HOST:PORT   (TLS and a token from ~/vnetif-tls, see docs/security.md)");

    private ExamplesJar() {
    }

    public static void main(String[] args) throws Exception {
        ExampleMain.run("vnetif-examples", USAGE, args, ExamplesJar::problem, QuickStart::main);
    }

    /** Null when QuickStart takes {@code args}, else what is wrong. */
    private static String problem(String[] args) {
        boolean fit = args.length == 0 || args.length == 1 && (!args[0].startsWith("-") || args[0].equals("--in-process"));
        return fit ? null : "unexpected " + String.join(" ", args);
    }
}
