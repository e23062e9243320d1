package io.vnetif.core.port;

import io.vnetif.api.MacAddress;
import io.vnetif.wire.Ethernet;

/**
 * What a port asks for when it attaches.
 *
 * @param mac                    requested MAC, or {@code null} to have one assigned
 * @param mtu                    Ethernet payload size ({@link Ethernet#MIN_MTU}..{@link Ethernet#MAX_MTU})
 * @param label                  free-form name shown in listings (may be empty)
 * @param allowForeignSourceMacs accept frames whose source MAC is not the port's own (bridges)
 */
public record PortSpec(MacAddress mac, int mtu, String label, boolean allowForeignSourceMacs) {
    /** Longest label accepted. */
    public static final int MAX_LABEL_LENGTH = 128;

    public PortSpec {
        label = label == null ? "" : label;
    }

    /** A port with an assigned MAC, the default MTU and no label. */
    public static PortSpec defaults() {
        return new PortSpec(null, Ethernet.DEFAULT_MTU, "", false);
    }
}
