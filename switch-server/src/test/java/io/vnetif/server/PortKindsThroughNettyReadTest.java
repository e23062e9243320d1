package io.vnetif.server;

/** {@link PortKindsTest} with the switch reading its sockets through Netty ({@code --no-direct-receive}), the fallback path. */
class PortKindsThroughNettyReadTest extends PortKindsTest {
    @Override
    DataPlaneTuning tuning() {
        return DataPlaneTuning.DEFAULTS.withDirectReceive(false);
    }
}
