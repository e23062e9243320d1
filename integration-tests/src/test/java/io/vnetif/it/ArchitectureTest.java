package io.vnetif.it;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md#package-map, checked on the compiled main classes of every module the reactor
 * built before this one: no package cycle anywhere, and each layer depends only on the ones below it.
 */
class ArchitectureTest {
    /** The modules whose main classes are checked (the benchmarks' module is built after this one). */
    private static final List<String> MODULES = List.of("api", "switch-core", "proto", "switch-server", "client-lib", "netstack",
            "netty", "cli", "junit", "examples", "test-support");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        Path root = Path.of(System.getProperty("vnetif.root", ".."));
        List<Path> dirs = MODULES.stream().map(m -> root.resolve(m).resolve("target/classes")).toList();
        dirs.forEach(d -> assertThat(d).as("compiled classes of a module").isDirectory());
        classes = new ClassFileImporter().importPaths(dirs);
        assertThat(classes.stream().map(c -> c.getPackageName()).distinct()).as("packages found").hasSizeGreaterThan(15);
    }

    @Test
    void everyPackageSaysWhatItIsForAndWhoseThreadItRunsOn() throws IOException {
        Path root = Path.of(System.getProperty("vnetif.root", ".."));
        List<String> missing = new ArrayList<>();
        for (String module : Stream.concat(MODULES.stream(), Stream.of("bench")).toList()) {
            Path sources = root.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                // module-info.java declares a module, not a package: its directory is the unnamed one.
                files.filter(f -> f.toString().endsWith(".java") && !f.getFileName().toString().equals("module-info.java"))
                        .map(Path::getParent).distinct()
                        .filter(dir -> !Files.isRegularFile(dir.resolve("package-info.java")))
                        .forEach(dir -> missing.add(sources.relativize(dir).toString()));
            }
        }
        assertThat(missing).as("packages without a package-info.java").isEmpty();
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("io.vnetif.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theApiAndTheTextGrammarAreLeaves() {
        noClasses().that().resideInAnyPackage("io.vnetif.api..", "io.vnetif.text..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vnetif.core..", "io.vnetif.wire..", "io.vnetif.proto..",
                        "io.vnetif.server..", "io.vnetif.client..")
                .check(classes);
    }

    @Test
    void theWireFormatKnowsNoEngine() {
        noClasses().that().resideInAPackage("io.vnetif.wire..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vnetif.core..", "io.vnetif.proto..", "io.vnetif.server..",
                        "io.vnetif.client..")
                .check(classes);
    }

    @Test
    void thePortsAndTheirBooksSitBelowTheEngine() {
        noClasses().that().resideInAPackage("io.vnetif.core.port..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vnetif.core", "io.vnetif.core.impair..", "io.vnetif.core.capture..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.vnetif.core.impair..", "io.vnetif.core.capture..")
                .should().dependOnClassesThat().resideInAPackage("io.vnetif.core")
                .check(classes);
    }

    @Test
    void theEngineHasNoSocketsAndNoGrpc() {
        noClasses().that().resideInAnyPackage("io.vnetif.core..", "io.vnetif.wire..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "io.netty.channel..", "io.vnetif.proto..")
                .check(classes);
    }

    @Test
    void theSwitchServerIsLayeredTopDown() {
        noClasses().that().resideInAPackage("io.vnetif.server.io.linux..")
                .should().dependOnClassesThat(resideInAPackage("io.vnetif..").and(not(resideInAPackage("io.vnetif.server.io.linux.."))))
                .check(classes);
        noClasses().that().resideInAPackage("io.vnetif.server.io")
                .should().dependOnClassesThat().resideInAnyPackage("io.vnetif.server", "io.vnetif.server.control..", "io.vnetif.server.port..",
                        "io.vnetif.proto..", "io.grpc..")
                .check(classes);
        noClasses().that().resideInAPackage("io.vnetif.server.port..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vnetif.server", "io.vnetif.server.control..", "io.vnetif.proto..",
                        "io.grpc..")
                .check(classes);
        noClasses().that().resideInAPackage("io.vnetif.server.control..")
                .should().dependOnClassesThat().resideInAPackage("io.vnetif.server")
                .check(classes);
        // Who may do what knows nothing of ports, sockets or the service that asks it.
        noClasses().that().resideInAPackage("io.vnetif.server.tenancy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vnetif.server", "io.vnetif.server.control..", "io.vnetif.server.port..",
                        "io.vnetif.server.io..")
                .check(classes);
    }

    @Test
    void theStackIsLayeredBottomUp() {
        noClasses().that().resideInAnyPackage("io.vnetif.netstack.wire..", "io.vnetif.netstack.time..", "io.vnetif.netstack.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vnetif.netstack", "io.vnetif.netstack.socket..",
                        "io.vnetif.netstack.core..", "io.vnetif.netstack.tcp..", "io.vnetif.netstack.udp..", "io.vnetif.netstack.iface..",
                        "io.vnetif.netstack.ip..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.vnetif.netstack.tcp..", "io.vnetif.netstack.udp..", "io.vnetif.netstack.iface..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vnetif.netstack", "io.vnetif.netstack.socket..",
                        "io.vnetif.netstack.core..", "io.vnetif.client..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.vnetif.netstack.tcp..", "io.vnetif.netstack.udp..")
                .should().dependOnClassesThat().resideInAPackage("io.vnetif.netstack.iface..")
                .check(classes);
        noClasses().that().resideInAPackage("io.vnetif.netstack..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vnetif.core..", "io.vnetif.server..", "io.vnetif.proto..", "io.grpc..")
                .check(classes);
    }

    @Test
    void theNettyTransportUsesTheStacksApiOnly() {
        noClasses().that().resideInAPackage("io.vnetif.netty..")
                .should().dependOnClassesThat(resideInAPackage("io.vnetif.netstack..")
                        .and(not(resideInAnyPackage("io.vnetif.netstack", "io.vnetif.netstack.stats"))))
                .check(classes);
        noClasses().that().resideInAPackage("io.vnetif.netty")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "io.vnetif.netty.grpc..")
                .check(classes);
    }

    @Test
    void theClientLibraryNeverReachesIntoTheServer() {
        noClasses().that().resideInAnyPackage("io.vnetif.client..", "io.vnetif.junit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vnetif.server..", "io.vnetif.cli..")
                .check(classes);
    }
}
