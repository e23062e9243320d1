package io.vnetif.server.port;

import io.netty.util.collection.IntObjectHashMap;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How datagrams find their port, per kind: native ports by the port id in the header, VXLAN ports by the
 * peer's address and the VNI (peer address, then VNI, so the lookup for every datagram allocates no key).
 * Raw-UDP ports need no index: each has a socket of its own. Confined to the data-plane loop.
 */
final class PortIndex {
    private final IntObjectHashMap<NativePort> nativeById = new IntObjectHashMap<>();
    private final Map<InetAddress, IntObjectHashMap<VxlanPort>> vxlanPeers = new HashMap<>();

    void add(NativePort port) {
        nativeById.put(port.port().id(), port);
    }

    void remove(NativePort port) {
        nativeById.remove(port.port().id());
    }

    /** The native port with this id, or {@code null}. */
    NativePort nativePort(int id) {
        return nativeById.get(id);
    }

    /** Indexes a VXLAN port whose peer and VNI are free (see {@link VxlanPort#conflictIn}). */
    void add(VxlanPort port) {
        vxlanPeers.computeIfAbsent(port.peer().getAddress(), a -> new IntObjectHashMap<>()).put(port.vni(), port);
    }

    void remove(VxlanPort port) {
        IntObjectHashMap<VxlanPort> byVni = vxlanPeers.get(port.peer().getAddress());
        if (byVni != null && byVni.get(port.vni()) == port) {
            byVni.remove(port.vni());
            if (byVni.isEmpty()) {
                vxlanPeers.remove(port.peer().getAddress());
            }
        }
    }

    /** The VXLAN port for datagrams from {@code peer} with {@code vni}, or {@code null}. */
    VxlanPort vxlanPort(InetAddress peer, int vni) {
        IntObjectHashMap<VxlanPort> byVni = vxlanPeers.get(peer);
        return byVni == null ? null : byVni.get(vni);
    }
}
