package io.vnetif.core.capture;

import io.netty.buffer.ByteBuf;
import io.vnetif.core.port.Port;
import java.util.Arrays;

/**
 * The capture sessions of one network. A network without sessions has no {@code CaptureTaps}, so the
 * plain path pays one null check. Confined to the engine's thread.
 */
public final class CaptureTaps {
    /** A session: what it takes and where it goes. */
    public record Session(long id, CaptureFilter filter, CaptureSink sink) {
    }

    private static final Session[] NONE = new Session[0];
    private Session[] sessions = NONE;

    public void add(Session session) {
        Session[] grown = Arrays.copyOf(sessions, sessions.length + 1);
        grown[sessions.length] = session;
        sessions = grown;
    }

    /** Removes a session; true when it was here. */
    public boolean remove(long id) {
        Session[] kept = Arrays.stream(sessions).filter(s -> s.id() != id).toArray(Session[]::new);
        boolean removed = kept.length != sessions.length;
        sessions = kept;
        return removed;
    }

    public boolean isEmpty() {
        return sessions.length == 0;
    }

    public int size() {
        return sessions.length;
    }

    /** Offers a frame to every session that wants it. */
    public void tap(Port port, CaptureSink.Direction direction, ByteBuf frame) {
        long now = 0;
        for (Session s : sessions) {
            if (s.filter().test(port, direction, frame)) {
                if (now == 0) {
                    now = wallClockNanos();
                }
                try {
                    s.sink().frame(port, direction, frame, now);
                } catch (RuntimeException e) {
                    // A broken capture must not stop forwarding: it loses its tap instead.
                    remove(s.id());
                }
            }
        }
    }

    /** Wall-clock time in nanoseconds since the epoch (what pcapng timestamps are). */
    static long wallClockNanos() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
