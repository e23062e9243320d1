/**
 * A port as the engine sees it and the books kept on frames: identity and MTU, where received frames go
 * ({@link io.vnetif.core.port.FrameSink}), the per-port counters and rate cap, and the switch-wide
 * {@link io.vnetif.core.port.FrameLedger}. Below the engine, the impairments and the captures, which all
 * count on ports; a port knows its network only as {@link io.vnetif.core.port.PortNetwork}.
 *
 * <p>Threading: confined to the engine's thread, like the engine.
 */
package io.vnetif.core.port;
