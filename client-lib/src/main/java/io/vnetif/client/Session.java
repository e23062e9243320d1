package io.vnetif.client;

import io.vnetif.proto.v1.AttachResponse;
import java.net.InetSocketAddress;

/**
 * One attachment of a remote interface: what authenticates its datagrams and where they go.
 *
 * @param dataEndpoint the switch's data endpoint, resolved
 */
record Session(int portId, long secret, InetSocketAddress dataEndpoint, long leaseMillis) {
    /**
     * @throws SwitchUnreachableException when the advertised data host does not resolve
     */
    static Session from(AttachResponse r, String switchTarget) {
        InetSocketAddress endpoint = new InetSocketAddress(r.getDataEndpoint().getHost(), r.getDataEndpoint().getPort());
        if (endpoint.isUnresolved()) {
            throw new SwitchUnreachableException("switch at " + switchTarget + " names data endpoint "
                    + r.getDataEndpoint().getHost() + ":" + r.getDataEndpoint().getPort()
                    + ", which does not resolve here (see the switch's --advertise-data-host)", null);
        }
        return new Session(r.getPortId(), r.getSecret(), endpoint, r.getLeaseMs());
    }

    String portName() {
        return Integer.toUnsignedString(portId);
    }
}
