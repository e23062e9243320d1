package io.vnetif.core;

/**
 * What a port asks for when it attaches.
 *
 * @param mac                    requested MAC, or {@code null} to have one assigned
 * @param mtu                    Ethernet payload size (68..9000)
 * @param label                  free-form name shown in listings (may be empty)
 * @param allowForeignSourceMacs accept frames whose source MAC is not the port's own (bridges)
 */
public record PortSpec(MacAddress mac, int mtu, String label, boolean allowForeignSourceMacs) {
    /** Smallest MTU accepted (the IPv4 minimum). */
    public static final int MIN_MTU = 68;
    /** Largest MTU accepted (jumbo frames). */
    public static final int MAX_MTU = 9000;
    /** The MTU used when none is given. */
    public static final int DEFAULT_MTU = 1500;
    /** Longest label accepted. */
    public static final int MAX_LABEL_LENGTH = 128;

    public PortSpec {
        label = label == null ? "" : label;
    }

    /** A port with an assigned MAC, the default MTU and no label. */
    public static PortSpec defaults() {
        return new PortSpec(null, DEFAULT_MTU, "", false);
    }
}
