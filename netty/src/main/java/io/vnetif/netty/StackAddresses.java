package io.vnetif.netty;

import io.vnetif.netstack.NetStack;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.UnsupportedAddressTypeException;

/** The local addresses a vnetif channel may bind to: the wildcard or the stack's own, with a port. */
final class StackAddresses {
    private StackAddresses() {
    }

    /**
     * {@code requested} as the stack's address and the port asked for (0: the stack picks one later).
     *
     * @throws BindException naming both addresses when {@code requested} is another host's
     */
    static InetSocketAddress local(NetStack stack, SocketAddress requested) throws BindException {
        if (!(requested instanceof InetSocketAddress a)) {
            throw new UnsupportedAddressTypeException();
        }
        if (!a.isUnresolved() && !a.getAddress().isAnyLocalAddress() && !a.getAddress().equals(stack.address())) {
            throw new BindException("cannot bind to " + a.getAddress().getHostAddress() + ": the stack's address is "
                    + stack.address().getHostAddress());
        }
        return new InetSocketAddress(stack.address(), a.getPort());
    }
}
