package io.vnetif.client;

/** The contract on the in-process switch. */
class InProcessContractTest extends VnetifContractTest {
    @Override
    protected VirtualSwitch newSwitch() {
        return VirtualSwitch.inProcess();
    }
}
