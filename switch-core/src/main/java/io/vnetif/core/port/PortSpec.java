package io.vnetif.core.port;

import io.vnetif.api.MacAddress;
import io.vnetif.wire.Ethernet;
import java.util.Set;

/**
 * What a port asks for when it attaches.
 *
 * @param mac                    requested MAC, or {@code null} to have one assigned
 * @param mtu                    Ethernet payload size ({@link Ethernet#MIN_MTU}..{@link Ethernet#MAX_MTU})
 * @param label                  free-form name shown in listings (may be empty)
 * @param allowForeignSourceMacs accept frames whose source MAC is not the port's own (bridges)
 * @param stations               stations pinned behind this bridge port (port security's static secure MACs):
 *                               found here without learning, and no other port may send from them
 */
public record PortSpec(MacAddress mac, int mtu, String label, boolean allowForeignSourceMacs, Set<MacAddress> stations) {
    /** Longest label accepted. */
    public static final int MAX_LABEL_LENGTH = 128;
    /** Most stations one port may pin. */
    public static final int MAX_STATIONS = 64;

    public PortSpec {
        label = label == null ? "" : label;
        stations = stations == null ? Set.of() : Set.copyOf(stations);
    }

    /** A port without pinned stations. */
    public PortSpec(MacAddress mac, int mtu, String label, boolean allowForeignSourceMacs) {
        this(mac, mtu, label, allowForeignSourceMacs, Set.of());
    }

    /** A port with an assigned MAC, the default MTU and no label. */
    public static PortSpec defaults() {
        return new PortSpec(null, Ethernet.DEFAULT_MTU, "", false);
    }
}
