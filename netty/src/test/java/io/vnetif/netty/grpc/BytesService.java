package io.vnetif.netty.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A gRPC service of raw bytes, defined without generated code: {@code lab.Bytes/Echo} (unary: the request back)
 * and {@code lab.Bytes/Chunks} (server streaming: a request of two ints, count and size, answered with count
 * chunks of size bytes, chunk i filled with the byte i).
 */
final class BytesService {
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("lab.Bytes/Echo")
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    static final MethodDescriptor<byte[], byte[]> CHUNKS = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING).setFullMethodName("lab.Bytes/Chunks")
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    private BytesService() {
    }

    /** The request of {@link #CHUNKS}. */
    static byte[] chunks(int count, int size) {
        return ByteBuffer.allocate(8).putInt(count).putInt(size).array();
    }

    static ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder("lab.Bytes")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(request);
                    response.onCompleted();
                }))
                .addMethod(CHUNKS, ServerCalls.asyncServerStreamingCall((request, response) -> {
                    ByteBuffer r = ByteBuffer.wrap(request);
                    int count = r.getInt();
                    int size = r.getInt();
                    for (int i = 0; i < count; i++) {
                        byte[] chunk = new byte[size];
                        java.util.Arrays.fill(chunk, (byte) i);
                        response.onNext(chunk);
                    }
                    response.onCompleted();
                }))
                .build();
    }
}
