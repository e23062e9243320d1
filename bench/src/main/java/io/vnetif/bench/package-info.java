/**
 * Benchmarks, never timed tests: NativeBench (paths through a live switch side by side in one run), JMH
 * benchmarks of the engine, the switch's per-datagram path and sealing, and attach scaling. Each run is in
 * docs/performance.md#against-the-targets and the sections after it, with its command.
 *
 * <p>Threading: as each benchmark says; measured paths run on their own threads.
 */
package io.vnetif.bench;
