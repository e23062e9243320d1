package io.vnetif.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test of the class a LAN: {@code VirtualSwitch}, {@link Nic @Nic Vnetif}, {@link Host @Host NetStack}
 * and {@link JvmLauncher} parameters (or fields) are injected, and everything is torn down after the test,
 * also when it fails. A failed test leaves a report: per-interface stats and a pcapng of every
 * injected interface's traffic under {@code target/surefire-reports/vnetif/}, paths printed.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(VnetifExtension.class)
public @interface VnetifTest {
    /** Where the LAN's switch runs. */
    enum Mode {
        /** Inside the test JVM: fastest, no sockets; other JVMs cannot join. */
        IN_PROCESS,
        /** A switch process of its own per test, forked from the test classpath: other JVMs can join. */
        PROCESS,
        /**
         * A switch already running at {@link #address()}, else at system property {@code vnetif.switch}, else at
         * environment variable {@code VNETIF_SWITCH} (no default: without one the test fails, saying so); one with
         * TLS or a token is reached as {@code RemoteOptions.fromEnvironment()} says ({@code VNETIF_TLS_CA},
         * {@code VNETIF_TLS_CERT}, {@code VNETIF_TLS_KEY}, {@code VNETIF_TOKEN_FILE}).
         */
        REMOTE
    }

    Mode mode() default Mode.IN_PROCESS;

    /** The switch's control address for {@link Mode#REMOTE}, e.g. {@code 127.0.0.1:7400}. */
    String address() default "";
}
