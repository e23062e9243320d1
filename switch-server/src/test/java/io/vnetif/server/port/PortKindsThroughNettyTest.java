package io.vnetif.server.port;

import io.vnetif.server.DataPlaneTuning;

/** {@link PortKindsTest} with datagrams read and sent through Netty's channel ({@code --no-direct-io}), the fallback path. */
class PortKindsThroughNettyTest extends PortKindsTest {
    @Override
    DataPlaneTuning tuning() {
        return DataPlaneTuning.DEFAULTS.withDirectIo(false);
    }
}
