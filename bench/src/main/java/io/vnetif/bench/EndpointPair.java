package io.vnetif.bench;

/** Two ends of one path, {@code a} the sender (or pinger), {@code b} the receiver (or echo). */
record EndpointPair(Endpoint a, Endpoint b, AutoCloseable resources) implements AutoCloseable {
    @Override
    public void close() throws Exception {
        resources.close();
    }
}
