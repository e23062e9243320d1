package io.vnetif.it;

import io.vnetif.junit.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The processes these tests start: the switch or the CLI from their jars, clients from the test classpath, commands in namespaces. */
final class Launch {
    private Launch() {
    }

    /** {@code java -jar jar args...} */
    static ChildProcess jar(String name, Path jar, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-jar", jar.toString()));
        cmd.addAll(args);
        return ChildProcess.start(name, cmd);
    }

    /**
     * {@code java -jar jar args...} in a shell that first sets the file descriptor limit (soft and hard, so
     * that the JVM cannot raise it back) to {@code descriptors}.
     */
    static ChildProcess jarWithDescriptorLimit(String name, Path jar, int descriptors, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "ulimit -n " + descriptors + " && exec \"$0\" \"$@\"", javaBinary(), "-Xmx256m",
                "-jar", jar.toString()));
        cmd.addAll(args);
        return ChildProcess.start(name, cmd);
    }

    /** {@code java -cp <this test's classpath> mainClass args...} */
    static ChildProcess main(String name, Class<?> mainClass, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(args);
        return ChildProcess.start(name, cmd);
    }

    /** {@code ip netns exec NS java args...}: a JVM inside a test host. */
    static ChildProcess inNamespace(String name, String ns, List<String> javaArgs) throws IOException {
        List<String> cmd = Netns.in(ns, javaBinary(), "-Xmx256m");
        cmd.addAll(javaArgs);
        return ChildProcess.start(name, cmd);
    }

    /** Any command, e.g. a socat inside a test host. */
    static ChildProcess command(String name, List<String> command) throws IOException {
        return ChildProcess.start(name, command);
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
