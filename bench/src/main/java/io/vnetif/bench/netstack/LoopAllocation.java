package io.vnetif.bench.netstack;

import io.vnetif.netstack.stats.Counter;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap allocated per TCP segment in steady state, per thread: HotSpot's per-thread allocation counter
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) for each stack's loop thread (which on
 * the in-process switch also runs the switch's forwarding for the frames it sends) and each interface's
 * receive thread, read before and after a long transfer (on a new connection, after a warm-up one), over the segments that stack
 * sent and received meanwhile; and the reading thread's, over the segments received.
 */
final class LoopAllocation {
    private LoopAllocation() {
    }

    /** What a thread, or the threads of a kind, allocated per segment; and the segments counted. */
    static Map<String, Double> bytesPerSegment(StackPair pair, long warmupBytes, long bytes) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Double> out = new LinkedHashMap<>();
        try (ServerSocket listening = pair.server.serverSocket(0)) {
            pair.transfer(listening, warmupBytes);
            Thread clientLoop = thread("vnetif-netstack-" + StackPair.CLIENT);
            Thread serverLoop = thread("vnetif-netstack-" + StackPair.SERVER);
            List<Thread> receivers = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("vnetif-rx-")).toList();
            Map<Counter, Long> client0 = pair.client.stats();
            Map<Counter, Long> server0 = pair.server.stats();
            long clientLoop0 = threads.getThreadAllocatedBytes(clientLoop.getId());
            long serverLoop0 = threads.getThreadAllocatedBytes(serverLoop.getId());
            long receivers0 = allocated(threads, receivers);
            long reader0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            pair.transfer(listening, bytes);
            long reader = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - reader0;
            long receiving = allocated(threads, receivers) - receivers0;
            long clientLoopBytes = threads.getThreadAllocatedBytes(clientLoop.getId()) - clientLoop0;
            long serverLoopBytes = threads.getThreadAllocatedBytes(serverLoop.getId()) - serverLoop0;
            Map<Counter, Long> client1 = pair.client.stats();
            Map<Counter, Long> server1 = pair.server.stats();
            long clientIn = delta(client0, client1, Counter.TCP_SEGMENTS_IN);
            long clientOut = delta(client0, client1, Counter.TCP_SEGMENTS_OUT);
            long serverIn = delta(server0, server1, Counter.TCP_SEGMENTS_IN);
            long serverOut = delta(server0, server1, Counter.TCP_SEGMENTS_OUT);
            out.put("sending stack's loop (B per segment in + out)", clientLoopBytes / (double) (clientIn + clientOut));
            out.put("receiving stack's loop (B per segment in + out)", serverLoopBytes / (double) (serverIn + serverOut));
            out.put("interfaces' receive threads (B per segment received)", receiving / (double) (clientIn + serverIn));
            out.put("reading thread (B per data segment received)", reader / (double) serverIn);
            out.put("data segments", (double) clientOut);
            out.put("ACK segments", (double) serverOut);
        }
        return out;
    }

    private static long delta(Map<Counter, Long> before, Map<Counter, Long> after, Counter c) {
        return after.get(c) - before.get(c);
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no thread " + name));
    }

    private static long allocated(com.sun.management.ThreadMXBean threads, List<Thread> of) {
        return of.stream().mapToLong(t -> threads.getThreadAllocatedBytes(t.getId())).sum();
    }
}
