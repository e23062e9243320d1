package io.vnetif.it;

import io.vnetif.testing.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway test hosts as network namespaces: a switch host and N kernel hosts, each joined to the
 * switch host by a veth pair (host 198.18.N.1/24, switch side 198.18.N.254/24). Names carry a random
 * per-run prefix; everything is deleted by {@link #close()} and, should the JVM die first, by a
 * shutdown hook.
 */
final class Netns implements AutoCloseable {
    private static final List<String> TOOLS = List.of("ip", "ping", "socat", "ethtool", "vde_plug");

    final String prefix = "vn" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(1 << 16), 4);
    final String switchHost = prefix + "sw";
    private final List<String> namespaces = new ArrayList<>();
    private final Thread cleanup = new Thread(this::deleteAll, "netns-cleanup");

    /**
     * Fails under {@code CI=true} and skips elsewhere, with the reason, when namespaces cannot be made
     * here (not root, or a tool missing).
     */
    static void require() {
        String missing = missingPrerequisite();
        if (missing == null) {
            return;
        }
        String reason = "kernel-stack tests need root and network namespaces: " + missing
                + " (.ci/run installs iproute2 iputils-ping socat ethtool vdeplug)";
        Requirements.unmet(reason);
    }

    private static String missingPrerequisite() {
        try {
            if (!run("id", "-u").strip().equals("0")) {
                return "not running as root";
            }
        } catch (IOException e) {
            return "cannot tell who runs the tests: " + e.getMessage();
        }
        if (!new java.io.File("/dev/net/tun").exists()) {
            return "/dev/net/tun is missing (modprobe tun)";
        }
        for (String tool : TOOLS) {
            if (!Tools.onPath(tool)) {
                return tool + " is not installed";
            }
        }
        // Root in an unprivileged container may list namespaces but not make them: try what the tests do.
        String probe = "vnprobe" + ProcessHandle.current().pid();
        try {
            run("ip", "netns", "add", probe);
            run("ip", "-n", probe, "link", "add", "vxprobe", "type", "vxlan", "id", "1", "dstport", "4789");
            return null;
        } catch (IOException e) {
            return "cannot make namespaces or VXLAN devices here: " + e.getMessage();
        } finally {
            try {
                run("ip", "netns", "del", probe);
            } catch (IOException e) {
                // it was never made
            }
        }
    }

    Netns() throws IOException {
        Runtime.getRuntime().addShutdownHook(cleanup);
        add(switchHost);
    }

    private void add(String ns) throws IOException {
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
    }

    /** Adds kernel host {@code n} (1..250) and returns its namespace name. */
    String host(int n) throws IOException {
        String ns = prefix + "h" + n;
        add(ns);
        String hostSide = prefix + "u" + n;
        String switchSide = prefix + "s" + n;
        run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", switchSide);
        try {
            run("ip", "link", "set", hostSide, "netns", ns);
            run("ip", "link", "set", switchSide, "netns", switchHost);
        } catch (IOException e) {
            run("ip", "link", "del", hostSide); // deleting one end removes the pair from the root namespace
            throw e;
        }
        run("ip", "-n", ns, "addr", "add", underlay(n) + "/24", "dev", hostSide);
        run("ip", "-n", ns, "link", "set", hostSide, "up");
        run("ip", "-n", switchHost, "addr", "add", switchUnderlay(n) + "/24", "dev", switchSide);
        run("ip", "-n", switchHost, "link", "set", switchSide, "up");
        return ns;
    }

    /** Host n's own address on its link to the switch host. */
    static String underlay(int n) {
        return "198.18." + n + ".1";
    }

    /** The switch host's address on its link to host n. */
    static String switchUnderlay(int n) {
        return "198.18." + n + ".254";
    }

    /** {@code ip netns exec NS command...} as a command line. */
    static List<String> in(String ns, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        return cmd;
    }

    /** Runs a command to completion (60 s at most); returns its output; fails with it on a non-zero exit. */
    static String run(String... command) throws IOException {
        return run(List.of(command));
    }

    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + output.strip());
        }
        return output;
    }

    private void deleteAll() {
        for (String ns : namespaces) {
            try {
                run("ip", "netns", "del", ns);
            } catch (IOException e) {
                System.err.println("could not delete namespace " + ns + ": " + e.getMessage());
            }
        }
        namespaces.clear();
    }

    @Override
    public void close() {
        deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }
}
