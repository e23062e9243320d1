package io.vnetif.client;

import io.vnetif.api.MacAddress;
import java.util.Collection;
import java.util.List;

/** What both switches share: the interface registry and the impairment API over {@link SwitchControl}. */
abstract class AbstractVirtualSwitch implements VirtualSwitch, SwitchControl {
    protected final NicRegistry nics = new NicRegistry();

    @Override
    public ImpairmentBuilder impair(String network) {
        return new ImpairmentBuilder(this, network);
    }

    @Override
    public Fault partition(String network, List<? extends Collection<MacAddress>> groups) {
        setPartition(network, groups.stream().map(g -> List.copyOf(g)).toList());
        return () -> {
            try {
                setPartition(network, List.of());
            } catch (IllegalArgumentException e) {
                // the network is gone (no ports, nothing left): nothing to undo
            }
        };
    }

    @Override
    public Fault cut(String network, MacAddress from, MacAddress to) {
        setCut(network, from, to, true);
        return () -> setCut(network, from, to, false);
    }
}
