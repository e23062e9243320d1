/**
 * The JUnit 5 extension {@link io.vnetif.junit.VnetifTest}: a LAN per test (in process, a switch process of
 * its own, or a running switch), interfaces injected with {@link io.vnetif.junit.Nic} and TCP/IP stacks with
 * {@link io.vnetif.junit.Host}, other JVMs launched with {@link io.vnetif.junit.JvmLauncher} (as hosts, which
 * join with {@link io.vnetif.junit.LaunchedHost}), and a failure report with a pcapng of the test's traffic
 * and its hosts' connection tables.
 *
 * <p>Threading: the extension runs on JUnit's threads; one test's LAN is torn down after the test, also
 * when it fails.
 */
package io.vnetif.junit;
