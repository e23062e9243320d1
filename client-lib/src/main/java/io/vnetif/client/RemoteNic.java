package io.vnetif.client;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.netty.buffer.ByteBuf;
import io.vnetif.api.DropReason;
import io.vnetif.api.MacAddress;
import io.vnetif.proto.v1.AttachRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.DetachRequest;
import io.vnetif.proto.v1.LeaseRequest;
import io.vnetif.proto.v1.LeaseResponse;
import io.vnetif.wire.DatagramHeader;
import io.vnetif.wire.Ethernet;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An interface on a switch server: attached over gRPC, frames over its own {@link UdpDataPath} in the
 * native datagram format, lease renewed in the background, re-attached by itself (same MAC) when the
 * switch restarts, loses the port, or stops answering.
 *
 * <p>Threads: callers send on their own thread; the data path's thread receives and queues frames for
 * the listener; one control thread renews the lease and re-attaches.
 */
final class RemoteNic extends AbstractNic {
    private static final Logger log = LoggerFactory.getLogger(RemoteNic.class);
    private static final long ATTACH_DEADLINE_MILLIS = 5_000;
    private static final long DETACH_DEADLINE_MILLIS = 1_000;
    private static final long HELLO_INTERVAL_MILLIS = 100;
    private static final int HELLO_ATTEMPTS = 30;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final RemoteSwitch sw;
    private final ScheduledExecutorService control;
    private volatile Thread controlThread;
    private UdpDataPath data;
    private volatile Session session;
    private volatile CountDownLatch helloAnswered = new CountDownLatch(1);
    private volatile long lastLeaseAnswerNanos;
    // Control thread only:
    private Session leaseSession;
    private ClientCallStreamObserver<LeaseRequest> leaseRequests;
    private ScheduledFuture<?> leaseRenewal;
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    /** The last refusal logged, so a switch that keeps refusing is reported once. */
    private String lastRefusal;

    private RemoteNic(RemoteSwitch sw, NicOptions options, AttachResponse attached, NicCounters counters, RxDispatcher rx) {
        super(MacAddress.parse(attached.getMac()), attached.getMtu(), options, counters, rx);
        this.sw = sw;
        String name = "vnetif-" + attached.getMac() + "-control";
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            controlThread = t;
            return t;
        });
        // A pending re-attach must not hold up close().
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.control = executor;
    }

    /** Attaches, opens the data path and proves it with a HELLO exchange, then starts the lease. */
    static RemoteNic open(RemoteSwitch sw, NicOptions options) {
        AttachResponse attached = attachCall(sw, options, options.mac().orElse(null));
        NicCounters counters = new NicCounters();
        RxDispatcher rx = new RxDispatcher(options, counters, "vnetif-" + attached.getMac() + "-listener");
        RemoteNic nic = new RemoteNic(sw, options, attached, counters, rx);
        try {
            Session s = Session.from(attached, sw.target(), options.encrypted());
            nic.session = s;
            nic.data = UdpDataPath.open("vnetif-" + attached.getMac() + "-receive", nic::received);
            // The lease runs from the attach and only the Lease stream renews it (not the HELLOs): renew
            // while the HELLO exchange proves the data path.
            nic.control.execute(() -> nic.startLease(s));
            nic.establish(s);
            return nic;
        } catch (IOException e) {
            nic.abandon(attached);
            throw new VnetifException("cannot open a UDP socket for the data path: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            nic.abandon(attached);
            throw e;
        }
    }

    /** Closes a NIC whose opening failed; the port it got is detached even when no session was set up. */
    private void abandon(AttachResponse attached) {
        if (session == null) {
            detachQuietly(attached.getPortId(), attached.getSecret());
        }
        close();
    }

    private static AttachResponse attachCall(RemoteSwitch sw, NicOptions options, MacAddress mac) {
        AttachRequest.Builder req = AttachRequest.newBuilder()
                .setNetwork(options.network())
                .setMtu(options.mtu())
                .setLabel(options.label())
                .setAllowForeignSourceMacs(options.allowForeignSourceMacs())
                .setEncrypt(options.encrypted());
        if (mac != null) {
            req.setMac(mac.toString());
        }
        try {
            return sw.blocking().withDeadlineAfter(ATTACH_DEADLINE_MILLIS, TimeUnit.MILLISECONDS).attach(req.build());
        } catch (StatusRuntimeException e) {
            throw sw.failure("attach to network '" + options.network() + "'", e);
        }
    }

    /** Makes {@code s} current and waits for the switch to answer a HELLO on the data path. */
    private void establish(Session s) {
        session = s;
        CountDownLatch answered = new CountDownLatch(1);
        helloAnswered = answered;
        try {
            for (int i = 0; i < HELLO_ATTEMPTS; i++) {
                data.send(s, null);
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
        return state() == LinkState.UP && data.send(s, frame);
    }

    /** On the data path's thread: validates a datagram against the current session and routes it. */
    private void received(ByteBuf datagram, SocketAddress from) {
        Session s = session;
        DropReason refused = validate(s, datagram, from, mtu());
        if (refused != null) {
            counters.rxRefused(refused);
            return;
        }
        if (DatagramHeader.isHello(DatagramHeader.type(datagram))) {
            helloAnswered.countDown();
            return;
        }
        rx.offer(datagram, datagram.readerIndex() + DatagramHeader.LENGTH, datagram.readableBytes() - DatagramHeader.LENGTH);
    }

    /**
     * What the switch checks, the other way round (WIRE.md section 3, "What a client checks"): {@code null}
     * when {@code datagram} is for {@code s}.
     */
    private static DropReason validate(Session s, ByteBuf datagram, SocketAddress from, int mtu) {
        if (!s.dataEndpoint().equals(from)) {
            return DropReason.WRONG_SOURCE_ENDPOINT;
        }
        DropReason malformed = DatagramHeader.check(datagram);
        if (malformed != null) {
            return malformed;
        }
        if (DatagramHeader.portId(datagram) != s.portId()) {
            return DropReason.UNKNOWN_PORT;
        }
        DropReason refused = s.codec().open(datagram); // sealed: replay check, tag, then opened in place
        if (refused != null || DatagramHeader.isHello(DatagramHeader.type(datagram))) {
            return refused;
        }
        // The switch never sends such frames; a listener is promised an Ethernet header and at most mtu + 14 bytes.
        int frameLength = datagram.readableBytes() - DatagramHeader.LENGTH;
        return frameLength < Ethernet.HEADER_LENGTH ? DropReason.FRAME_TOO_SHORT
                : frameLength > mtu + Ethernet.HEADER_LENGTH ? DropReason.FRAME_TOO_LONG : null;
    }

    // ---- control thread: lease and re-attach ----

    private void startLease(Session s) {
        if (isClosed()) {
            return;
        }
        StreamObserver<LeaseResponse> responses = new StreamObserver<>() {
            @Override
            public void onNext(LeaseResponse value) {
                lastLeaseAnswerNanos = System.nanoTime();
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
        lastLeaseAnswerNanos = System.nanoTime();
        leaseRequests = (ClientCallStreamObserver<LeaseRequest>) sw.async().lease(responses);
        LeaseRequest renewal = LeaseRequest.newBuilder().setPortId(s.portId()).setSecret(s.secret()).build();
        long period = Math.max(50, s.leaseMillis() / 3);
        leaseRenewal = control.scheduleAtFixedRate(() -> renew(s, renewal), 0, period, TimeUnit.MILLISECONDS);
    }

    private void renew(Session s, LeaseRequest renewal) {
        // A switch that answers no renewal for a whole lease has dropped the port or is gone (a dead
        // host sends no TCP reset, so the stream alone would never fail).
        long silentMillis = (System.nanoTime() - lastLeaseAnswerNanos) / 1_000_000;
        if (silentMillis > s.leaseMillis()) {
            connectionLost(s, "no lease answer for " + silentMillis + " ms");
            return;
        }
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
        log.warn("{}: lost port {} on {} ({}); re-attaching", mac(), s.portName(), sw.target(), why);
        backoffMillis = MIN_BACKOFF_MILLIS;
        control.schedule(this::reattach, backoffMillis, TimeUnit.MILLISECONDS);
    }

    private void reattach() {
        if (isClosed()) {
            return;
        }
        try {
            sw.resetConnectBackoff(); // gRPC's own backoff (up to 2 min) would otherwise pace us
            detachQuietly(session);
            Session s = sessionOf(attachCall(sw, options(), mac()));
            startLease(s); // as in open(): the lease runs while the HELLO exchange proves the path
            try {
                establish(s);
            } catch (RuntimeException e) {
                stopLease();
                throw e;
            }
            setState(LinkState.UP);
            log.info("{}: re-attached to {} as port {}", mac(), sw.target(), s.portName());
            lastRefusal = null;
        } catch (RuntimeException e) {
            backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
            // A switch that is away is expected while it restarts; one that answers "no" (a new token, the
            // MAC taken, a limit) will not change its mind by itself: say so once, not on every try.
            if (e instanceof AttachRefusedException && !e.getMessage().equals(lastRefusal)) {
                lastRefusal = e.getMessage();
                log.warn("{}: the switch refuses the re-attach; still trying every {} ms: {}", mac(), MAX_BACKOFF_MILLIS, e.getMessage());
            } else {
                log.debug("{}: re-attach failed, next try in {} ms: {}", mac(), backoffMillis, e.getMessage());
            }
            if (!isClosed()) {
                control.schedule(this::reattach, backoffMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * The session of a re-attach; one the client cannot use (asked for encryption, got no usable key) is
     * detached at once instead of being left to its lease: a client that gives up says so (WIRE.md section 5).
     */
    private Session sessionOf(AttachResponse attached) {
        try {
            return Session.from(attached, sw.target(), options().encrypted());
        } catch (RuntimeException e) {
            detachQuietly(attached.getPortId(), attached.getSecret());
            throw e;
        }
    }

    private void detachQuietly(Session s) {
        detachQuietly(s.portId(), s.secret());
    }

    private void detachQuietly(int portId, long secret) {
        try {
            sw.blocking().withDeadlineAfter(DETACH_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                    .detach(DetachRequest.newBuilder().setPortId(portId).setSecret(secret).build());
        } catch (StatusRuntimeException e) {
            log.debug("detach of port {} not confirmed: {}", Integer.toUnsignedString(portId), e.getStatus());
        }
    }

    @Override
    protected void detach() {
        if (Thread.currentThread() == controlThread) {
            stopLease(); // closed from a state listener: cannot wait for our own thread
            control.shutdown();
        } else {
            onControlThread(this::stopLease);
            control.shutdown();
            try {
                if (!control.awaitTermination(ATTACH_DEADLINE_MILLIS + HELLO_ATTEMPTS * HELLO_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)) {
                    control.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                control.shutdownNow();
            }
        }
        if (session != null) {
            detachQuietly(session);
        }
        if (data != null) {
            data.close();
        }
        sw.forget(this);
    }
}
