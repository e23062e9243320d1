package io.vnetif.core.impair;

import io.vnetif.api.MacAddress;
import java.util.Objects;

/**
 * Where on a network a rule acts. Ports are named by MAC, which a remote interface keeps when it
 * re-attaches, so its rules keep applying to it.
 *
 * @param kind which frames the rule sees
 * @param port the port whose frames (SENT_BY, LINK: sender; DELIVERED_TO: receiver); null for NETWORK
 * @param peer LINK only: the receiving port
 */
public record Scope(Kind kind, MacAddress port, MacAddress peer) {
    /** Which frames a rule sees. */
    public enum Kind {
        /** Every delivery on the network (the default for all its links). */
        NETWORK,
        /** Frames as sent by {@code port}, before switching: a drop here reaches no one. */
        SENT_BY,
        /** Frames as delivered to {@code port}. */
        DELIVERED_TO,
        /** Frames from {@code port} to {@code peer} only. */
        LINK
    }

    public Scope {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.NETWORK) != (port == null) || (kind == Kind.LINK) != (peer != null)) {
            throw new IllegalArgumentException("scope " + kind + " takes " + switch (kind) {
                case NETWORK -> "no port";
                case LINK -> "a sending and a receiving port";
                default -> "one port";
            });
        }
    }

    public static Scope network() {
        return new Scope(Kind.NETWORK, null, null);
    }

    public static Scope sentBy(MacAddress port) {
        return new Scope(Kind.SENT_BY, port, null);
    }

    public static Scope deliveredTo(MacAddress port) {
        return new Scope(Kind.DELIVERED_TO, port, null);
    }

    public static Scope link(MacAddress from, MacAddress to) {
        return new Scope(Kind.LINK, from, to);
    }

    /** Whether a delivery from {@code from} to {@code to} passes through this scope (not SENT_BY). */
    boolean coversDelivery(long from, long to) {
        return switch (kind) {
            case NETWORK -> true;
            case DELIVERED_TO -> port.toLong() == to;
            case LINK -> port.toLong() == from && peer.toLong() == to;
            case SENT_BY -> false;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NETWORK -> "network";
            case SENT_BY -> "sent by " + port;
            case DELIVERED_TO -> "delivered to " + port;
            case LINK -> port + " -> " + peer;
        };
    }
}
