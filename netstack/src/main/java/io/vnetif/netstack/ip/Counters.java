package io.vnetif.netstack.ip;

import io.vnetif.netstack.stats.Counter;
import java.util.EnumMap;
import java.util.Map;

/** The stack's counters: written by the stack's thread only, read as a snapshot taken on it. */
public final class Counters {
    private static final Counter[] ALL = Counter.values();
    private final long[] values = new long[ALL.length];

    public void increment(Counter c) {
        values[c.ordinal()]++;
    }

    public void add(Counter c, long n) {
        values[c.ordinal()] += n;
    }

    public long get(Counter c) {
        return values[c.ordinal()];
    }

    /** Every counter, zeros included, in declaration order. */
    public Map<Counter, Long> snapshot() {
        Map<Counter, Long> out = new EnumMap<>(Counter.class);
        for (Counter c : ALL) {
            out.put(c, values[c.ordinal()]);
        }
        return out;
    }
}
