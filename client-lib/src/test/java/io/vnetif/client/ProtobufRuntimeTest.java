package io.vnetif.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A class path with protobuf-java 3 (what grpc-protobuf brings) is named as the problem, in one line that says what to add. */
class ProtobufRuntimeTest {
    /** A class loader that sees this class path, except protobuf 4's marker class: protobuf-java 3.25 as far as the check can tell. */
    private static final class Protobuf3 extends ClassLoader {
        Protobuf3() {
            super(ProtobufRuntimeTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.equals(ProtobufRuntime.MARKER)) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void thisBuildsRuntimeIsNew() {
        assertThat(ProtobufRuntime.problem(ProtobufRuntimeTest.class.getClassLoader())).isNull();
    }

    @Test
    void anOlderRuntimeIsNamedWithWhatToAdd() {
        assertThat(ProtobufRuntime.problem(new Protobuf3())).isEqualTo("vnetif needs protobuf-java 4.26 or later at run time, and the "
                + "class path has an older one (gRPC's grpc-protobuf brings 3.25): import io.vnetif:vnetif-bom, which names the version "
                + "vnetif is built with, or add com.google.protobuf:protobuf-java 4.26 or later to your dependencies");
    }
}
