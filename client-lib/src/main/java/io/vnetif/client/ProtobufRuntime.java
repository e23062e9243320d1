package io.vnetif.client;

/**
 * Checks that the protobuf runtime on the class path can run vnetif's generated classes, which protoc 4
 * made: they need protobuf-java 4.26 or later. A project that also depends on gRPC's grpc-protobuf gets
 * its protobuf-java 3.25 nearer in the dependency tree, Maven picks that, and the first call to the switch
 * used to die with a {@code NoClassDefFoundError} of {@code com.google.protobuf.RuntimeVersion} that said
 * nothing of the cause.
 */
final class ProtobufRuntime {
    /** A class protobuf-java has from 4.26 on, which the generated classes use when they load. */
    static final String MARKER = "com.google.protobuf.RuntimeVersion";

    private ProtobufRuntime() {
    }

    /** Null when {@code loader} has a protobuf runtime the generated classes can run on; else what to do. */
    static String problem(ClassLoader loader) {
        try {
            Class.forName(MARKER, false, loader);
            return null;
        } catch (ClassNotFoundException e) {
            return "vnetif needs protobuf-java 4.26 or later at run time, and the class path has an older one (gRPC's "
                    + "grpc-protobuf brings 3.25): import io.vnetif:vnetif-bom, which names the version vnetif is built with, "
                    + "or add com.google.protobuf:protobuf-java 4.26 or later to your dependencies";
        }
    }

    /** @throws IllegalStateException saying what to add, when the runtime is too old */
    static void check() {
        String problem = problem(ProtobufRuntime.class.getClassLoader());
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }
}
