package io.vnetif.netstack.time;

/**
 * Where the stack reads the time: monotonic nanoseconds. Real stacks use {@link #SYSTEM}; tests pass a
 * clock they move by hand, so every timer of the protocols runs on virtual time.
 */
@FunctionalInterface
public interface Clock {
    /** {@link System#nanoTime()}. */
    Clock SYSTEM = System::nanoTime;

    long nanos();
}
