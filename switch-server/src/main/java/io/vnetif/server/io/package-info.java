/**
 * Batched UDP on the data plane: the transport (epoll or NIO), the switch's own recvmmsg reader and the
 * batch cycle ({@link io.vnetif.server.io.DirectReceiver#doWork()}: read a batch, decode each datagram,
 * flush the outputs, book the failures), the outputs that collect each batch's datagrams per recipient into
 * segmented sends (UDP GSO), and the two ways they reach the kernel (the switch's own sendmmsg, or Netty's
 * channel). A frame whose send fails is booked with the {@link io.vnetif.server.io.DataSocket} it was queued on.
 *
 * <p>Threading: confined to the data-plane loop; nothing is allocated per datagram on the direct path.
 * Buffer ownership is written at each hand-off.
 */
package io.vnetif.server.io;
