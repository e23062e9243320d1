package io.vnetif.client;

import io.vnetif.server.SwitchConfig;
import io.vnetif.server.SwitchServer;

/** The contract on a switch server in this JVM, over real gRPC and UDP sockets on loopback. */
class RemoteContractTest extends VnetifContractTest {
    private SwitchServer server;

    @Override
    protected VirtualSwitch newSwitch() throws Exception {
        server = SwitchServer.start(SwitchConfig.loopback(0, 0));
        return VirtualSwitch.remote(server.controlTarget());
    }

    @Override
    protected void stopBackend() {
        server.close();
    }
}
