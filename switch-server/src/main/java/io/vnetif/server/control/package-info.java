/**
 * The control plane: the gRPC service (requests checked here, INVALID_ARGUMENT with the field named), lease
 * streams, captures, the token check, the data endpoint an attach names, and the observability that reads
 * the engine — GetStats and the Prometheus metrics, both from the one {@link io.vnetif.server.control.SwitchCounter}
 * table. Refusals answer with the status of their {@link io.vnetif.api.Refusal}.
 *
 * <p>Threading: calls arrive on gRPC's threads and run their work on the data-plane loop through
 * {@link io.vnetif.server.control.LoopExecutor}, which waits a bounded time; capture sessions stream from a
 * thread of their own.
 */
package io.vnetif.server.control;
