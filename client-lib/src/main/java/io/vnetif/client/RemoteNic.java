package io.vnetif.client;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vnetif.core.MacAddress;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.DetachRequest;
import io.vnetif.proto.v1.LeaseRequest;
import io.vnetif.proto.v1.LeaseResponse;
import io.vnetif.wire.DatagramHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An interface on a switch server: attached over gRPC, frames over its own UDP socket in the native
 * datagram format, lease renewed in the background, re-attached by itself (same MAC) when the switch
 * restarts or loses the port.
 *
 * <p>Threads: callers send on their own thread (one lock around the reused send buffer); one receive
 * thread reads the socket and queues frames for the listener; one control thread renews the lease
 * and re-attaches.
 */
final class RemoteNic extends AbstractNic {
    private static final Logger log = LoggerFactory.getLogger(RemoteNic.class);
    private static final long ATTACH_DEADLINE_MILLIS = 5_000;
    private static final long DETACH_DEADLINE_MILLIS = 1_000;
    private static final long HELLO_INTERVAL_MILLIS = 100;
    private static final int HELLO_ATTEMPTS = 30;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2_000;
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    /** Larger than any legal datagram, so an oversized one is seen whole enough to be rejected. */
    private static final int RECEIVE_BUFFER_BYTES = 2 * DatagramHeader.MAX_DATAGRAM_LENGTH;

    /** One attachment: what authenticates our datagrams and where they go. */
    private record Session(int portId, long secret, InetSocketAddress dataEndpoint, long leaseMillis) {
    }

    private final RemoteSwitch sw;
    private final DatagramChannel udp;
    private final ScheduledExecutorService control;
    private final Thread receiver;
    private final ByteBuffer txBuffer = ByteBuffer.allocateDirect(DatagramHeader.MAX_DATAGRAM_LENGTH);
    private final ByteBuf txView = Unpooled.wrappedBuffer(txBuffer);
    private final ByteBuffer rxBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER_BYTES);
    private final ByteBuf rxView = Unpooled.wrappedBuffer(rxBuffer);
    private volatile Session session;
    private volatile CountDownLatch helloAnswered = new CountDownLatch(1);
    // Control thread only:
    private Session leaseSession;
    private ClientCallStreamObserver<LeaseRequest> leaseRequests;
    private ScheduledFuture<?> leaseRenewal;
    private long backoffMillis = MIN_BACKOFF_MILLIS;

    private RemoteNic(RemoteSwitch sw, NicOptions options, AttachResponse attached, DatagramChannel udp,
                      NicCounters counters, RxDispatcher rx) {
        super(MacAddress.parse(attached.getMac()), attached.getMtu(), options, counters, rx);
        this.sw = sw;
        this.udp = udp;
        String name = "vnetif-" + attached.getMac();
        ScheduledThreadPoolExecutor controlThread = new ScheduledThreadPoolExecutor(1, r -> daemon(r, name + "-control"));
        // A pending re-attach must not hold up close().
        controlThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        controlThread.setRemoveOnCancelPolicy(true);
        this.control = controlThread;
        this.receiver = daemon(this::receiveLoop, name + "-receive");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Attaches, opens the data path and proves it with a HELLO exchange, then starts the lease. */
    static RemoteNic open(RemoteSwitch sw, NicOptions options) {
        AttachResponse attached = attachCall(sw, options, options.mac().orElse(null));
        DatagramChannel udp;
        try {
            udp = DatagramChannel.open();
            udp.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            udp.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            udp.bind(null);
        } catch (IOException e) {
            detachQuietly(sw, session(attached));
            throw new VnetifException("cannot open a UDP socket for the data path: " + e.getMessage(), e);
        }
        NicCounters counters = new NicCounters();
        RxDispatcher rx = new RxDispatcher(options, counters, "vnetif-" + attached.getMac() + "-listener");
        RemoteNic nic = new RemoteNic(sw, options, attached, udp, counters, rx);
        nic.receiver.start();
        Session s = session(attached);
        try {
            nic.establish(s);
        } catch (RuntimeException e) {
            nic.close();
            throw e;
        }
        nic.control.execute(() -> nic.startLease(s));
        return nic;
    }

    private static AttachResponse attachCall(RemoteSwitch sw, NicOptions options, MacAddress mac) {
        AttachRequest.Builder req = AttachRequest.newBuilder()
                .setNetwork(options.network())
                .setMtu(options.mtu())
                .setLabel(options.label())
                .setAllowForeignSourceMacs(options.allowForeignSourceMacs());
        if (mac != null) {
            req.setMac(mac.toString());
        }
        try {
            return sw.blocking().withDeadlineAfter(ATTACH_DEADLINE_MILLIS, TimeUnit.MILLISECONDS).attach(req.build());
        } catch (StatusRuntimeException e) {
            throw sw.failure("attach to network '" + options.network() + "'", e);
        }
    }

    private static Session session(AttachResponse r) {
        return new Session(r.getPortId(), r.getSecret(),
                new InetSocketAddress(r.getDataEndpoint().getHost(), r.getDataEndpoint().getPort()), r.getLeaseMs());
    }

    /** Makes {@code s} current and waits for the switch to answer a HELLO on the data path. */
    private void establish(Session s) {
        session = s;
        CountDownLatch answered = new CountDownLatch(1);
        helloAnswered = answered;
        try {
            for (int i = 0; i < HELLO_ATTEMPTS; i++) {
                send(s, DatagramHeader.TYPE_HELLO, null);
                if (answered.await(HELLO_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new SwitchUnreachableException("switch at " + sw.target() + " accepted the attach but its data endpoint "
                + s.dataEndpoint() + " did not answer within " + HELLO_ATTEMPTS * HELLO_INTERVAL_MILLIS
                + " ms (is UDP to it blocked?)", null);
    }

    @Override
    protected boolean transmit(ByteBuffer frame) {
        Session s = session;
        return state() == LinkState.UP && s != null && send(s, DatagramHeader.TYPE_FRAME, frame);
    }

    private boolean send(Session s, int type, ByteBuffer frame) {
        synchronized (txBuffer) {
            txView.clear();
            DatagramHeader.write(txView, type, s.portId(), s.secret());
            if (frame != null) {
                txView.writeBytes(frame.duplicate());
            }
            txBuffer.clear().limit(txView.writerIndex());
            try {
                udp.send(txBuffer, s.dataEndpoint());
                return true;
            } catch (IOException e) {
                log.debug("send to {} failed", s.dataEndpoint(), e);
                return false;
            }
        }
    }

    private void receiveLoop() {
        while (true) {
            rxBuffer.clear();
            SocketAddress from;
            try {
                from = udp.receive(rxBuffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!udp.isOpen()) {
                    return;
                }
                log.debug("receive failed", e);
                continue;
            }
            rxView.setIndex(0, rxBuffer.position());
            Session s = session;
            if (s == null || !s.dataEndpoint().equals(from) || DatagramHeader.check(rxView) != null
                    || DatagramHeader.portId(rxView) != s.portId() || DatagramHeader.secret(rxView) != s.secret()) {
                counters.rxDropped();
                continue;
            }
            if (DatagramHeader.type(rxView) == DatagramHeader.TYPE_HELLO) {
                helloAnswered.countDown();
                continue;
            }
            byte[] frame = new byte[rxView.readableBytes() - DatagramHeader.LENGTH];
            rxView.getBytes(DatagramHeader.LENGTH, frame);
            rx.offer(frame);
        }
    }

    // ---- control thread: lease and re-attach ----

    private void startLease(Session s) {
        if (isClosed()) {
            return;
        }
        StreamObserver<LeaseResponse> responses = new StreamObserver<>() {
            @Override
            public void onNext(LeaseResponse value) {
            }

            @Override
            public void onError(Throwable t) {
                onControlThread(() -> connectionLost(s, t instanceof StatusRuntimeException
                        ? ((StatusRuntimeException) t).getStatus().toString() : t.toString()));
            }

            @Override
            public void onCompleted() {
                onControlThread(() -> connectionLost(s, "the switch ended the lease stream"));
            }
        };
        leaseSession = s;
        leaseRequests = (ClientCallStreamObserver<LeaseRequest>) sw.async().lease(responses);
        LeaseRequest renewal = LeaseRequest.newBuilder().setPortId(s.portId()).setSecret(s.secret()).build();
        long period = Math.max(50, s.leaseMillis() / 3);
        leaseRenewal = control.scheduleAtFixedRate(() -> renew(renewal), 0, period, TimeUnit.MILLISECONDS);
    }

    private void renew(LeaseRequest renewal) {
        try {
            leaseRequests.onNext(renewal);
        } catch (RuntimeException e) {
            // The stream already failed; its onError starts the re-attach.
            log.debug("lease renewal not sent", e);
        }
    }

    private void stopLease() {
        if (leaseRenewal != null) {
            leaseRenewal.cancel(false);
            leaseRequests.cancel("lease ended by the client", null);
        }
        leaseSession = null;
        leaseRenewal = null;
        leaseRequests = null;
    }

    private void onControlThread(Runnable task) {
        try {
            control.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing to do
        }
    }

    private void connectionLost(Session s, String why) {
        if (isClosed() || leaseSession != s) {
            return;
        }
        stopLease();
        setState(LinkState.RECONNECTING);
        log.warn("{}: lost port {} on {} ({}); re-attaching", mac(), Integer.toUnsignedString(s.portId()), sw.target(), why);
        backoffMillis = MIN_BACKOFF_MILLIS;
        control.schedule(this::reattach, backoffMillis, TimeUnit.MILLISECONDS);
    }

    private void reattach() {
        if (isClosed()) {
            return;
        }
        try {
            detachQuietly(sw, session);
            Session s = session(attachCall(sw, options(), mac()));
            establish(s);
            startLease(s);
            setState(LinkState.UP);
            log.info("{}: re-attached to {} as port {}", mac(), sw.target(), Integer.toUnsignedString(s.portId()));
        } catch (RuntimeException e) {
            backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
            log.debug("{}: re-attach failed, next try in {} ms: {}", mac(), backoffMillis, e.getMessage());
            if (!isClosed()) {
                control.schedule(this::reattach, backoffMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static void detachQuietly(RemoteSwitch sw, Session s) {
        if (s == null) {
            return;
        }
        try {
            sw.blocking().withDeadlineAfter(DETACH_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                    .detach(DetachRequest.newBuilder().setPortId(s.portId()).setSecret(s.secret()).build());
        } catch (StatusRuntimeException e) {
            log.debug("detach of port {} not confirmed: {}", Integer.toUnsignedString(s.portId()), e.getStatus());
        }
    }

    @Override
    protected void detach() {
        control.execute(this::stopLease);
        control.shutdown();
        try {
            if (!control.awaitTermination(ATTACH_DEADLINE_MILLIS + HELLO_ATTEMPTS * HELLO_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)) {
                control.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            control.shutdownNow();
        }
        detachQuietly(sw, session);
        try {
            udp.close();
            receiver.join(1_000);
        } catch (IOException e) {
            log.debug("closing the UDP socket failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sw.forget(this);
    }
}
