package io.vnetif.junit;

import io.vnetif.client.Vnetif;
import io.vnetif.netstack.NetStack;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TCP/IP stacks of one test, by label. Only this class names the stack's types, and it is loaded
 * only when a test asks for a host: vnetif-netstack is an optional dependency, absent from the class
 * path of tests that use bare interfaces.
 */
final class TestHosts {
    static final String STACK_CLASS = "io.vnetif.netstack.NetStack";
    /** Assigned addresses: 198.18.0.1/24 upwards (RFC 2544's benchmarking range, never routed). */
    private static final int MAX_ASSIGNED = 254;

    private final Map<String, NetStack> stacks = new LinkedHashMap<>();
    private int assigned;

    /** A stack on {@code nic} at {@code address}, or at the next assigned one when it is empty; it owns {@code nic}. */
    NetStack add(String label, Vnetif nic, String address) {
        String cidr = address.isEmpty() ? nextAddress() : address;
        NetStack stack;
        try {
            stack = NetStack.on(nic, cidr);
        } catch (RuntimeException e) {
            nic.close();
            throw e;
        }
        stacks.put(label, stack);
        return stack;
    }

    private String nextAddress() {
        if (assigned == MAX_ASSIGNED) {
            throw new IllegalStateException("a test gets at most " + MAX_ASSIGNED + " assigned addresses: give the others with @Host(address = \"198.19.0.5/24\")");
        }
        return "198.18.0." + ++assigned + "/24";
    }

    /** Each stack's address, connection table and counters, for the failure report. */
    String describe() {
        StringBuilder out = new StringBuilder();
        stacks.forEach((label, stack) -> out.append("\nhost ").append(label).append(' ').append(stack.address().getHostAddress())
                .append('/').append(stack.prefixLength()).append(":\n").append(stack.connectionTable()).append(stack.statsText()));
        return out.toString();
    }

    /** Closes every stack (and so its interface). */
    void close() {
        stacks.values().forEach(NetStack::close);
        stacks.clear();
    }
}
