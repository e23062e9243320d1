package io.vnetif.examples.counter;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.vnetif.netstack.NetStack;
import io.vnetif.netty.grpc.VnetifGrpc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One node of a replicated counter, on a stack of the virtual LAN: a gRPC server holding a grow-only
 * counter (each node's own additions, merged by maximum — a G-counter, so copies that diverged while
 * partitioned merge into the same total), which it pushes to its peers after each addition and every
 * {@value #GOSSIP_MILLIS} ms. An addition answers how many nodes hold it, itself included: a client sees
 * whether a majority has it.
 */
public final class CounterNode implements AutoCloseable {
    /** The port every node serves on. */
    public static final int PORT = 50051;
    static final long GOSSIP_MILLIS = 100;
    private static final long PEER_DEADLINE_MILLIS = 500;

    private final String id;
    private final Map<String, Long> additions = new ConcurrentHashMap<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<CounterGrpc.CounterBlockingStub> peers = new ArrayList<>();
    private final ScheduledExecutorService gossip;
    private final Server server;

    private CounterNode(NetStack stack, String id, List<String> peerAddresses) throws IOException {
        this.id = id;
        for (String peer : peerAddresses) {
            ManagedChannel channel = VnetifGrpc.channel(stack, peer, PORT).build();
            channels.add(channel);
            peers.add(CounterGrpc.newBlockingStub(channel));
        }
        this.server = VnetifGrpc.server(stack, PORT).addService(new Service()).build().start();
        this.gossip = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "counter-gossip-" + id));
        gossip.scheduleWithFixedDelay(this::pushToPeers, GOSSIP_MILLIS, GOSSIP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts node {@code id} on {@code stack}, serving on {@link #PORT}, replicating to the nodes at {@code peerAddresses}. */
    public static CounterNode start(NetStack stack, String id, List<String> peerAddresses) throws IOException {
        return new CounterNode(stack, id, peerAddresses);
    }

    private long total() {
        return additions.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sends this node's state to every peer; returns how many took it. */
    private int pushToPeers() {
        State state = State.newBuilder().putAllAdditions(additions).build();
        int took = 0;
        for (CounterGrpc.CounterBlockingStub peer : peers) {
            try {
                peer.withDeadlineAfter(PEER_DEADLINE_MILLIS, TimeUnit.MILLISECONDS).merge(state);
                took++;
            } catch (StatusRuntimeException e) {
                // unreachable (partitioned, not up yet): the next round tries again
            }
        }
        return took;
    }

    /** Blocks until the node is closed (the JVM's end closes it). */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() throws InterruptedException {
        gossip.shutdownNow();
        server.shutdownNow();
        channels.forEach(ManagedChannel::shutdownNow);
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Service extends CounterGrpc.CounterImplBase {
        @Override
        public void add(AddRequest request, StreamObserver<Value> reply) {
            additions.merge(id, request.getAmount(), Long::sum);
            int holders = 1 + pushToPeers();
            reply.onNext(Value.newBuilder().setTotal(total()).setHolders(holders).build());
            reply.onCompleted();
        }

        @Override
        public void get(GetRequest request, StreamObserver<Value> reply) {
            reply.onNext(Value.newBuilder().setTotal(total()).build());
            reply.onCompleted();
        }

        @Override
        public void merge(State peer, StreamObserver<Value> reply) {
            peer.getAdditionsMap().forEach((node, count) -> additions.merge(node, count, Math::max));
            reply.onNext(Value.newBuilder().setTotal(total()).build());
            reply.onCompleted();
        }
    }
}
