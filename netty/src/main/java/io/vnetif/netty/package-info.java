/**
 * A Netty 4.2 transport over vnetif's TCP/IP stack: {@link io.vnetif.netty.VnetifSocketChannel} and
 * {@link io.vnetif.netty.VnetifServerSocketChannel} on event loops of a {@link io.vnetif.netty.VnetifIoHandler},
 * so Netty servers and clients run on the virtual LAN with only the channel class and the group changed.
 *
 * <p>Threading: two threads meet here, as a kernel and epoll do. The stack's own thread (its loop) runs TCP —
 * segments, timers, acknowledgments — and owns every connection's protocol state; each channel belongs to one
 * Netty event loop, which reads and writes the connection's buffers under its lock. When a connection changes,
 * the stack's thread only queues the channel on its loop and wakes it (nothing allocated); the loop looks at the
 * channel on its own thread. The two are not one thread on purpose: a stack serves java.net sockets, datagram
 * sockets and any number of groups at once; Netty's handlers (gRPC, HTTP, user code) would otherwise delay the
 * stack's retransmissions and acknowledgments by their own work, and so change the very latencies and losses a
 * test on vnetif looks at; and the stack stays free of Netty's channel API. The price is one hand-off per
 * wake-up, as an epoll_wait is (docs/services.md#one-loop-or-two).
 */
package io.vnetif.netty;
