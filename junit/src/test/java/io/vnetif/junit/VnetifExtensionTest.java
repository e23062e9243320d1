package io.vnetif.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.vnetif.api.MacAddress;
import io.vnetif.client.Impairment;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import io.vnetif.server.SwitchConfig;
import io.vnetif.server.SwitchServer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The extension, driven through the JUnit engine like a user's test class would be. */
class VnetifExtensionTest {
    static ByteBuffer frame(MacAddress dst, MacAddress src, String text) {
        byte[] t = text.getBytes();
        ByteBuffer f = ByteBuffer.allocate(14 + t.length);
        f.put(dst.toBytes()).put(src.toBytes()).putShort((short) 0x88B5).put(t).flip();
        return f;
    }

    /** A user's test: parameters and fields injected, an impairment, frames flowing. */
    @VnetifTest
    static class UsersTest {
        @Nic(network = "lab", label = "field")
        Vnetif fromField;

        @Lan
        VirtualSwitch lanField;

        @Test
        void exchange(VirtualSwitch lan, @Nic(network = "lab", label = "b") Vnetif b) throws Exception {
            List<String> got = new CopyOnWriteArrayList<>();
            b.listen(f -> {
                byte[] bytes = new byte[f.remaining() - 14];
                f.get(f.position() + 14, bytes);
                got.add(new String(bytes));
            });
            assertThat(lanField).isSameAs(lan);
            try (Impairment slow = lan.impair("lab").deliveredTo(b.mac()).delay(java.time.Duration.ofMillis(5)).apply()) {
                fromField.write(frame(b.mac(), fromField.mac(), "hi"));
                Awaitility.await().until(() -> got.contains("hi"));
            }
        }

        @Test
        void failsOnPurpose(@Nic(network = "lab", label = "alice") Vnetif a, @Nic(network = "lab", label = "bob") Vnetif b) {
            List<String> got = new CopyOnWriteArrayList<>();
            b.listen(f -> got.add("frame"));
            a.write(frame(b.mac(), a.mac(), "evidence"));
            Awaitility.await().until(() -> got.size() == 1);
            throw new AssertionError("this test fails to show the report");
        }
    }

    @Test
    void injectsTearsDownAndReportsFailuresWithStatsAndACapture() throws Exception {
        Path dir = Path.of("target", "surefire-reports", "vnetif");
        String prefix = UsersTest.class.getName().replace('$', '_') + ".";
        if (Files.isDirectory(dir)) {
            try (var old = Files.list(dir)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                    Files.delete(p);
                }
            }
        }
        var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(UsersTest.class)).execute().testEvents();
        results.assertStatistics(s -> s.succeeded(1).failed(1));
        List<Path> reports;
        try (var files = Files.list(dir)) {
            reports = files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
        assertThat(reports).extracting(p -> p.getFileName().toString().replaceAll("-[0-9a-f]+\\.", "-ID."))
                .as("only the failed test has a report").containsExactly(prefix + "failsOnPurpose-ID.pcapng", prefix + "failsOnPurpose-ID.stats.txt");
        // The names docs/testing.md#the-extension promises: <package.Class>.<method>-<id>.stats.txt and .pcapng.
        assertThat(Files.readString(Path.of("..", "docs", "testing.md")))
                .contains("`target/surefire-reports/vnetif/<package.Class>.<method>-<id>.stats.txt`", "`<package.Class>.<method>-<id>.pcapng`");
        assertThat(reports).extracting(p -> p.getFileName().toString())
                .allMatch(name -> name.matches(java.util.regex.Pattern.quote(prefix) + "failsOnPurpose-[0-9a-f]+\\.(stats\\.txt|pcapng)"));
        String stats = Files.readString(reports.get(1));
        assertThat(stats).contains("alice", "bob", "tx 1 frames").contains("rx 1 frames");
        byte[] pcap = Files.readAllBytes(reports.get(0));
        assertThat(new String(pcap, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("alice", "bob", "evidence");
    }

    /** A Runnable launched by class name. */
    public static final class SaysWhereTheSwitchIs implements Runnable {
        @Override
        public void run() {
            System.out.println("switch at " + System.getProperty("vnetif.switch") + " env " + System.getenv("VNETIF_SWITCH"));
        }
    }

    @VnetifTest(mode = VnetifTest.Mode.PROCESS)
    static class LaunchesARunnable {
        @Lan
        JvmLauncher jvms;

        @Test
        void launch() throws Exception {
            ChildProcess child = jvms.launch("runnable", SaysWhereTheSwitchIs.class);
            assertThat(child.awaitExit(java.time.Duration.ofSeconds(30))).isZero();
            String address = jvms.switchAddress();
            assertThat(child.output()).contains("switch at " + address + " env " + address);
        }
    }

    @Test
    void aProcessLanLaunchesRunnablesThatKnowTheSwitch() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(LaunchesARunnable.class)).execute().testEvents()
                .assertStatistics(s -> s.succeeded(1));
    }

    /** A user's REMOTE test without an address: the switch is the one of $VNETIF_SWITCH. */
    @VnetifTest(mode = VnetifTest.Mode.REMOTE)
    static class OnTheSwitchOfTheEnvironment {
        @Test
        void joinsIt(VirtualSwitch lan, @Nic(network = "env") Vnetif nic) {
            assertThat(nic.mac()).isNotNull();
            // Only the switch of the environment has this rule, which the launching test put there.
            assertThat(lan.clearImpairments("marker")).isEqualTo(1);
        }
    }

    /** Runs {@link OnTheSwitchOfTheEnvironment} in a JVM of its own, whose environment alone names the switch. */
    public static final class RunsTheRemoteTest {
        public static void main(String[] args) {
            var stats = EngineTestKit.engine("junit-jupiter").selectors(selectClass(OnTheSwitchOfTheEnvironment.class)).execute()
                    .testEvents();
            stats.failed().stream().forEach(e -> System.out.println("failed: " + e));
            System.out.println("succeeded " + stats.succeeded().count() + " failed " + stats.failed().count());
        }
    }

    @Test
    void remoteModeFindsTheSwitchOfVnetifSwitch() throws Exception {
        try (SwitchServer server = SwitchServer.start(SwitchConfig.loopback(0, 0));
             VirtualSwitch admin = VirtualSwitch.remote(server.controlTarget())) {
            admin.impair("marker").loss(0.5).apply();
            ProcessBuilder child = new ProcessBuilder(JvmLauncher.javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    RunsTheRemoteTest.class.getName());
            child.environment().put("VNETIF_SWITCH", server.controlTarget()); // no -Dvnetif.switch
            try (ChildProcess run = ChildProcess.start("remote-test", child)) {
                assertThat(run.awaitExit(java.time.Duration.ofSeconds(60))).isZero();
                assertThat(run.output()).contains("succeeded 1 failed 0");
            }
        }
    }

    @Test
    void remoteModeWithoutAnyAddressSaysWhereToGiveOne() {
        // This JVM has neither -Dvnetif.switch nor (in CI) $VNETIF_SWITCH; with the variable set, the message is not reached.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("VNETIF_SWITCH") == null && System.getProperty("vnetif.switch") == null);
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(OnTheSwitchOfTheEnvironment.class)).execute().testEvents()
                .assertStatistics(s -> s.failed(1))
                .failed().assertThatEvents().singleElement().satisfies(e -> assertThat(
                        e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                        .hasMessage("@VnetifTest(mode = REMOTE) needs a switch: address = \"host:port\", -Dvnetif.switch=host:port or $VNETIF_SWITCH"));
    }

    @VnetifTest
    abstract static class LanBase {
        @Nic(network = "base")
        Vnetif fromBase;

        @Test
        void inheritedFieldIsInjected() {
            assertThat(fromBase.mac()).isNotNull();
        }
    }

    /** Inherits @VnetifTest, and nests a class that uses the LAN too. */
    static class InheritsTheLan extends LanBase {
        @org.junit.jupiter.api.Nested
        class Inner {
            @Test
            void nestedGetsALanToo(@Nic(network = "inner") Vnetif x, VirtualSwitch lan) {
                assertThat(x.mac()).isNotNull();
                assertThat(lan).isNotNull();
            }
        }
    }

    @Test
    void subclassesAndNestedClassesGetTheLan() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(InheritsTheLan.class)).execute().testEvents()
                .assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @VnetifTest
    static class InProcessCannotLaunch {
        @Test
        void launch(JvmLauncher jvms) throws Exception {
            jvms.launch("x", Object.class);
        }
    }

    @Test
    void anInProcessLanSaysWhyOtherJvmsCannotJoin() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(InProcessCannotLaunch.class)).execute().testEvents()
                .assertThatEvents().haveExactly(1, org.junit.platform.testkit.engine.EventConditions.finishedWithFailure(
                        org.junit.platform.testkit.engine.TestExecutionResultConditions.message(m -> m.contains("use @VnetifTest(mode = PROCESS)"))));
    }
}
