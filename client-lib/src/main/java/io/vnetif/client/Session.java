package io.vnetif.client;

import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.wire.DataCipher;
import io.vnetif.wire.PortCodec;
import io.vnetif.wire.SealedCodec;
import io.vnetif.wire.SecretCodec;
import java.net.InetSocketAddress;

/**
 * One attachment of a remote interface: what authenticates its datagrams and where they go.
 *
 * @param secret       authenticates the port's control calls (and its datagrams, when they are plain)
 * @param codec        the client's end of the port's datagrams, plain or sealed; a new one per attach
 * @param dataEndpoint the switch's data endpoint, resolved
 */
record Session(int portId, long secret, PortCodec codec, InetSocketAddress dataEndpoint, long leaseMillis) {
    /**
     * @param encrypt whether the attach asked for sealed datagrams
     * @throws SwitchUnreachableException when the advertised data host does not resolve
     * @throws VnetifException when encryption was asked for and the answer has no usable data key
     */
    static Session from(AttachResponse r, String switchTarget, boolean encrypt) {
        InetSocketAddress endpoint = new InetSocketAddress(r.getDataEndpoint().getHost(), r.getDataEndpoint().getPort());
        if (endpoint.isUnresolved()) {
            throw new SwitchUnreachableException("switch at " + switchTarget + " names data endpoint "
                    + r.getDataEndpoint().getHost() + ":" + r.getDataEndpoint().getPort()
                    + ", which does not resolve here (see the switch's --advertise-data-host)", null);
        }
        return new Session(r.getPortId(), r.getSecret(), codec(r, switchTarget, encrypt), endpoint, r.getLeaseMs());
    }

    private static PortCodec codec(AttachResponse r, String switchTarget, boolean encrypt) {
        if (r.getDataKey().isEmpty()) {
            if (encrypt) { // a switch that predates encryption ignores the request: never fall back to plaintext
                throw new VnetifException("switch at " + switchTarget + " attached port " + Integer.toUnsignedString(r.getPortId())
                        + " without a data key: it does not support encrypted interfaces");
            }
            return new SecretCodec(r.getSecret());
        }
        try {
            return SealedCodec.forClient(DataCipher.named(r.getDataCipher()), r.getDataKey().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new VnetifException("switch at " + switchTarget + " answered an unusable data key: " + e.getMessage(), e);
        }
    }

    String portName() {
        return Integer.toUnsignedString(portId);
    }
}
