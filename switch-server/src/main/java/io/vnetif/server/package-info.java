/**
 * The switch server's assembly: the command line ({@link io.vnetif.server.SwitchMain}), its configuration, and
 * {@link io.vnetif.server.SwitchServer}, which builds the data plane (ports, sockets, outputs on one event
 * loop) and the gRPC control server beside it, and takes them down in order.
 *
 * <p>Threading: start and close run on the caller's thread; everything they build runs on the data-plane
 * loop or gRPC's threads, as the packages below say.
 */
package io.vnetif.server;
