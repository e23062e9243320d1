package io.vnetif.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Round-trip time percentiles of one run, in microseconds, and the whole distribution in nanoseconds
 * (for plots); {@code lost} pings were never answered.
 */
record Latency(long pings, long lost, double p50, double p99, double p999, double max, Histogram nanos) {
    static Latency of(Histogram nanos, long lost) {
        return new Latency(nanos.getTotalCount(), lost, micros(nanos.getValueAtPercentile(50)), micros(nanos.getValueAtPercentile(99)),
                micros(nanos.getValueAtPercentile(99.9)), micros(nanos.getMaxValue()), nanos);
    }

    private static double micros(long nanos) {
        return nanos / (double) TimeUnit.MICROSECONDS.toNanos(1);
    }
}
