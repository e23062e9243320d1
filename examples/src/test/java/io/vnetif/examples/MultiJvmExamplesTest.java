package io.vnetif.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.api.MacAddress;
import io.vnetif.client.Fault;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.junit.ChildProcess;
import io.vnetif.junit.JvmLauncher;
import io.vnetif.junit.VnetifTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multi-JVM examples, run the way docs/testing.md#several-jvms shows: a switch process per test, JVMs on it. */
@VnetifTest(mode = VnetifTest.Mode.PROCESS)
class MultiJvmExamplesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void connectSaysHelloAcrossTwoJvms(JvmLauncher jvms) throws Exception {
        ChildProcess server = jvms.launch("server", Connect.class, "server");
        server.expect("^server ready", TIMEOUT);
        ChildProcess client = jvms.launch("client", Connect.class, "client", "3");
        assertThat(client.awaitExit(TIMEOUT)).isZero();
        assertThat(client.output()).contains("got: hello back 1", "all 3 answered");
        server.expect("^answered 3$", TIMEOUT);
    }

    @Test
    void iperfMeasuresRawFrameThroughputBetweenTwoJvms(JvmLauncher jvms) throws Exception {
        ChildProcess receiver = jvms.launch("receiver", Iperf.class, "receiver");
        String mac = receiver.expect("^receiver ready (\\S+)", TIMEOUT).group(1);
        ChildProcess sender = jvms.launch("sender", Iperf.class, "sender", mac, "2");
        assertThat(sender.awaitExit(TIMEOUT)).isZero();
        assertThat(sender.output()).anyMatch(l -> l.matches("tx +[0-9.]+ Mbit/s +\\d+ frames/s"))
                .anyMatch(l -> l.matches("sent [1-9]\\d* frames, [0-9.]+ Mbit/s on average, \\d+ not sent"));
        receiver.expect("^rx +[0-9.]*[1-9][0-9.]* Mbit/s", TIMEOUT);
    }

    // docs:begin partition-mid-test
    @Test
    void aPartitionMidTestIsolatesOneJvmUntilHealed(VirtualSwitch lan, JvmLauncher jvms) throws Exception {
        ChildProcess a = jvms.launch("a", Chatter.class, "a");     // three JVMs on network "chat"
        ChildProcess b = jvms.launch("b", Chatter.class, "b");
        ChildProcess c = jvms.launch("c", Chatter.class, "c");
        MacAddress macA = MacAddress.parse(a.expect("READY (\\S+)", TIMEOUT).group(1));
        MacAddress macB = MacAddress.parse(b.expect("READY (\\S+)", TIMEOUT).group(1));
        MacAddress macC = MacAddress.parse(c.expect("READY (\\S+)", TIMEOUT).group(1));
        a.send("SAY hello");
        b.expect("HEARD a: hello", TIMEOUT);
        c.expect("HEARD a: hello", TIMEOUT);

        try (Fault split = lan.partition("chat", List.of(List.of(macA), List.of(macB, macC)))) {
            a.send("SAY alone");                                   // nobody hears this
            a.expect("SAID alone", TIMEOUT);
            c.send("SAY during");                                  // b does, a does not
            b.expect("HEARD c: during", TIMEOUT);
        }                                                          // healed here
        a.send("SAY healed");
        c.send("SAY after");

        b.expect("HEARD a: healed", TIMEOUT);                      // a's frames arrive in order, so
        assertThat(b.output()).doesNotContain("HEARD a: alone");  // "alone" would have come first
        a.expect("HEARD c: after", TIMEOUT);
        assertThat(a.output()).doesNotContain("HEARD c: during");
    }
    // docs:end partition-mid-test
}
