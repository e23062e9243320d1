package io.vnetif.server;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vnetif.core.SwitchEngine;
import io.vnetif.proto.v1.SwitchServiceGrpc;
import io.vnetif.server.control.Captures;
import io.vnetif.server.control.ControlService;
import io.vnetif.server.control.DataEndpointAdvertiser;
import io.vnetif.server.control.LoopExecutor;
import io.vnetif.server.control.TokenCheck;
import io.vnetif.server.io.DataOutputs;
import io.vnetif.server.io.DataPlaneGuard;
import io.vnetif.server.io.DataTransport;
import io.vnetif.server.io.DirectSends;
import io.vnetif.server.io.LoopScheduler;
import io.vnetif.server.io.LoopWatchdog;
import io.vnetif.server.io.NettySends;
import io.vnetif.server.io.Segmentation;
import io.vnetif.server.port.DataSockets;
import io.vnetif.server.port.PortRegistry;
import io.vnetif.text.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running switch: the UDP data plane on one event loop that owns the engine, and the gRPC control
 * server (switch service, health, reflection) beside it.
 */
public final class SwitchServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwitchServer.class);

    private final EventLoopGroup loop;
    private final DataSockets sockets;
    private final Server grpc;
    private final HealthStatusManager health;
    private final DataTransport transport;
    private final HTTPServer metrics;
    private final InetSocketAddress metricsAddress;
    private final ControlService control;
    private final LoopWatchdog watchdog;

    private SwitchServer(EventLoopGroup loop, DataSockets sockets, Server grpc, HealthStatusManager health, DataTransport transport,
                         HTTPServer metrics, InetSocketAddress metricsAddress, ControlService control, LoopWatchdog watchdog) {
        this.control = control;
        this.watchdog = watchdog;
        this.metrics = metrics;
        this.metricsAddress = metricsAddress;
        this.loop = loop;
        this.sockets = sockets;
        this.grpc = grpc;
        this.health = health;
        this.transport = transport;
    }

    /**
     * Binds both ports and starts serving. Should the data plane fail for good (an {@link Error} on its
     * thread, a loop that stops running tasks: {@link DataPlaneGuard}), the switch closes itself: health
     * says NOT_SERVING at once, lease streams end, the ports go.
     *
     * @throws IOException with the address when a port cannot be bound
     */
    public static SwitchServer start(SwitchConfig config) throws IOException {
        return start(config, null);
    }

    /**
     * Like {@link #start(SwitchConfig)}, but should the data plane fail for good, {@code onFailure} is
     * called at once, on the thread that met the failure (it must not need a thread, nor much memory: the
     * JVM may be out of it), then health says NOT_SERVING; the switch does not close itself. The command
     * line halts the process with a status for its supervisor.
     */
    public static SwitchServer start(SwitchConfig config, DataPlaneGuard.Failure onFailure) throws IOException {
        DataTransport transport = DataTransport.best();
        EventLoopGroup loop = transport.newLoop("vnetif-data");
        HealthStatusManager health = new HealthStatusManager();
        AtomicReference<SwitchServer> started = new AtomicReference<>();
        DataPlaneGuard guard = new DataPlaneGuard((where, cause) -> {
            if (onFailure != null) {
                onFailure.failed(where, cause); // first and on this thread: out of memory, a thread may not be had
            }
            health.enterTerminalState(); // probes see NOT_SERVING at once, whatever happens next
            if (onFailure == null) {
                Thread close = new Thread(() -> {
                    if (started.get() != null) {
                        started.get().close();
                    }
                }, "vnetif-data-plane-failed");
                close.setDaemon(true);
                close.start();
            }
        });
        try {
            DataPlaneTuning tuning = config.dataPlane();
            boolean gso = tuning.udpGso() && transport.segmentationSupported();
            String noDirectIo = transport.directIoUnavailableReason();
            boolean directIo = tuning.directIo() && noDirectIo == null;
            if (tuning.directIo() && !directIo) {
                log.info("datagrams go through Netty's channel (packets, addresses and promises allocated per datagram): "
                        + "the switch's own I/O {}", noDirectIo);
            }
            Segmentation segmentation = new Segmentation(gso);
            DataOutputs outputs = new DataOutputs(directIo ? new DirectSends(segmentation, DirectSends.LIBC) : new NettySends(segmentation));
            SwitchEngine engine = new SwitchEngine(config.limits(), System::nanoTime, new SplittableRandom(new SecureRandom().nextLong()),
                    new LoopScheduler(loop.next(), outputs, guard));
            engine.estimateSendsWith(outputs::sendCostNanos);
            PortRegistry ports = new PortRegistry(engine, System::nanoTime, config.lease(), config.controlLimits().ports());
            DataSockets sockets = DataSockets.bind(transport, loop, directIo, ports, outputs, guard, config.data(), config.vxlan());
            Channel data = sockets.nativeSocket().channel();
            InetSocketAddress dataBound = sockets.nativeSocket().localAddress();
            warnIfSocketBufferCapped(data);
            long sweepMillis = Math.max(50, config.lease().toMillis() / 4);
            data.eventLoop().scheduleAtFixedRate(guard.guarded("the lease sweep", ports::expireLeases), sweepMillis, sweepMillis,
                    TimeUnit.MILLISECONDS);

            DataEndpointAdvertiser advertiser = new DataEndpointAdvertiser(config.advertisedHost(), dataBound);
            LoopExecutor onLoop = new LoopExecutor(data.eventLoop(), guard);
            Captures captures = new Captures(ports, onLoop, config.controlLimits());
            ControlService control = new ControlService(ports, onLoop, sockets, advertiser, captures, config.controlLimits());
            data.eventLoop().scheduleAtFixedRate(guard.guarded("the lease stream sweep", control::closeSilentLeaseStreams), sweepMillis,
                    sweepMillis, TimeUnit.MILLISECONDS);
            ServerCredentials credentials = config.tls() == null ? InsecureServerCredentials.create() : config.tls().credentials();
            // Always: without tokens it still says who calls, the address per-client limits count against.
            List<ServerInterceptor> tokenCheck = List.of(new TokenCheck(config.tokens()));
            Server grpc = NettyServerBuilder.forAddress(config.control(), credentials)
                    .addService(ServerInterceptors.intercept(ServerInterceptors.intercept(control.guarded(control.bindService()), advertiser),
                            tokenCheck))
                    // Open without a token: probes need no secret, and it tells no more than "serving".
                    .addService(control.guarded(health.getHealthService().bindService()))
                    .addService(ServerInterceptors.intercept(control.guarded(ProtoReflectionServiceV1.newInstance().bindService()), tokenCheck))
                    .build();
            try {
                grpc.start();
            } catch (IOException e) {
                sockets.close();
                throw new IOException("cannot bind the control port " + HostPort.format(config.control()) + ": "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                        + " (is another switch running? stop it, or give this one another --control)", e);
            }
            HTTPServer metrics = null;
            if (config.metrics() != null) {
                PrometheusRegistry registry = new PrometheusRegistry();
                registry.register(control.metrics());
                JvmMetrics.builder().register(registry); // heap, GC, threads: what a soak or a leak hunt watches
                try {
                    metrics = HTTPServer.builder().inetAddress(config.metrics().getAddress()).port(config.metrics().getPort())
                            .registry(registry).buildAndStart();
                } catch (IOException e) {
                    grpc.shutdownNow();
                    sockets.close();
                    throw new IOException("cannot bind the metrics port " + HostPort.format(config.metrics()) + ": " + e.getMessage()
                            + " (give another --metrics HOST:PORT, or --metrics off)", e);
                }
            }
            health.setStatus("", ServingStatus.SERVING);
            health.setStatus(SwitchServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
            SwitchServer server = new SwitchServer(loop, sockets, grpc, health, transport, metrics,
                    metrics == null ? null : new InetSocketAddress(config.metrics().getAddress(), metrics.getPort()), control,
                    LoopWatchdog.start(data.eventLoop(), tuning.maxLoopStall(), guard));
            started.set(server);
            log.info("data plane on {} ({}{}{}), control on {} ({}), lease {} ms{}", HostPort.format(dataBound), transport,
                    gso ? ", UDP GSO" : tuning.udpGso() ? ", no UDP GSO here" : ", UDP GSO off",
                    directIo ? ", direct I/O" : ", Netty I/O",
                    HostPort.format(server.controlAddress()), config.controlSecurity(), config.lease().toMillis(),
                    server.vxlanAddress() == null ? "" : ", VXLAN on " + HostPort.format(server.vxlanAddress()));
            if (server.metricsAddress() != null) {
                log.info("metrics on http://{}/metrics", HostPort.format(server.metricsAddress()));
            }
            warnIfControlExposed(config, server.controlAddress());
            return server;
        } catch (IOException | RuntimeException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** Off loopback, an unprotected control port lets anyone who reaches it take part in and break every network. */
    private static void warnIfControlExposed(SwitchConfig config, InetSocketAddress bound) {
        if (bound.getAddress().isLoopbackAddress()) {
            return;
        }
        if (config.tls() == null && config.tokens() == null) {
            log.warn("control port {} is reachable beyond this host and has neither TLS nor a token: anyone who reaches it can "
                    + "attach ports, capture frames and impair networks (see --tls-cert, --tls-key, --token-file)",
                    HostPort.format(bound));
        } else if (config.tls() == null) {
            log.warn("control port {} is reachable beyond this host without TLS: the token travels in clear text, "
                    + "anyone on the path can read and reuse it (see --tls-cert, --tls-key)", HostPort.format(bound));
        }
    }

    /** The kernel silently caps SO_RCVBUF at net.core.rmem_max; overflow there is a drop we cannot count. */
    private static void warnIfSocketBufferCapped(Channel data) {
        int granted = data.config().getOption(ChannelOption.SO_RCVBUF);
        if (granted < DataTransport.SOCKET_BUFFER_BYTES) {
            log.warn("UDP receive buffer is {} bytes, not the {} asked for (raise net.core.rmem_max): "
                    + "bursts may overflow it in the kernel, where vnetif cannot count the loss", granted, DataTransport.SOCKET_BUFFER_BYTES);
        }
    }

    /** The bound gRPC address (the real port when 0 was asked for). */
    public InetSocketAddress controlAddress() {
        return (InetSocketAddress) grpc.getListenSockets().get(0);
    }

    /** The control address as a gRPC target, e.g. {@code 127.0.0.1:7400}. */
    public String controlTarget() {
        return HostPort.format(controlAddress());
    }

    /** The bound UDP data address. */
    public InetSocketAddress dataAddress() {
        return sockets.nativeSocket().localAddress();
    }

    /** The bound VXLAN address, or {@code null} when the switch does not listen for VXLAN. */
    public InetSocketAddress vxlanAddress() {
        return sockets.vxlanSocket() == null ? null : sockets.vxlanSocket().localAddress();
    }

    /** The metrics endpoint's address (the real port when 0 was asked for), or {@code null} when off. */
    public InetSocketAddress metricsAddress() {
        return metricsAddress;
    }

    /** The data-plane loop, the engine's one thread (tests hold it to let datagrams queue up in a socket). */
    public EventLoopGroup dataLoop() {
        return loop;
    }

    /** "EPOLL" or "NIO". */
    public String transport() {
        return transport.name();
    }

    /** Blocks until the server is closed. */
    public void awaitTermination() throws InterruptedException {
        grpc.awaitTermination();
    }

    /**
     * Stops serving: health goes NOT_SERVING, lease streams end with UNAVAILABLE "switch shutting down"
     * so clients start re-attaching at once, then the data plane closes.
     */
    @Override
    public void close() {
        watchdog.close();
        if (metrics != null) {
            metrics.close();
        }
        health.enterTerminalState();
        grpc.shutdown(); // no new calls
        control.shuttingDown();
        grpc.shutdownNow();
        try {
            grpc.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sockets.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        log.info("switch stopped");
    }
}
