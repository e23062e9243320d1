package io.vnetif.bench.netstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where threads allocate: a JFR recording of allocation samples ({@code jdk.ObjectAllocationSample}, each
 * weighted by the bytes it stands for) around a piece of work, summed per thread kind and allocation
 * site (the allocated class and the innermost frames of the stack).
 */
final class AllocationSites {
    private static final int FRAMES = 4;

    private AllocationSites() {
    }

    /** What ran while recording. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} while recording; returns lines "bytes  thread kind  class  frames", the largest first. */
    static List<String> during(Work work, int top) throws Exception {
        Path file = Files.createTempFile("netstack-alloc", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ObjectAllocationSample").withStackTrace().with("throttle", "10000/s");
            recording.start();
            work.run();
            recording.stop();
            recording.dump(file);
            Map<String, Long> bytes = new HashMap<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample") || e.getThread("eventThread") == null) {
                    continue;
                }
                String thread = kind(e.getThread("eventThread").getJavaName());
                String frames = e.getStackTrace() == null ? "?" : e.getStackTrace().getFrames().stream().limit(FRAMES)
                        .map(AllocationSites::frame).collect(Collectors.joining(" < "));
                String site = thread + "  " + e.getClass("objectClass").getName() + "  " + frames;
                bytes.merge(site, e.getLong("weight"), Long::sum);
            }
            return bytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                    .map(s -> String.format("%,14d B  %s", s.getValue(), s.getKey())).toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A thread's name without what differs between its instances (addresses, numbers). */
    private static String kind(String name) {
        if (name == null) {
            return "?";
        }
        return name.startsWith("vnetif-netstack-") ? "stack-loop" : name.replaceAll("[-#]?[0-9.:]+$", "");
    }

    private static String frame(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + ":" + f.getLineNumber();
    }
}
