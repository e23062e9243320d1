package io.vnetif.client.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The client library's public API — every public type of its exported packages — uses only API types in
 * its signatures (the JDK, {@code io.vnetif.api}, {@code io.vnetif.client}), never the engine, the wire
 * formats, gRPC or Netty; and docs/architecture.md#the-public-api lists exactly those types.
 */
class ApiBoundaryTest {
    private static final Path CLASSES = Path.of("target/classes");
    private static final Path ARCHITECTURE = Path.of(System.getProperty("vnetif.root", "..")).resolve("docs/architecture.md");

    @Test
    void publicSignaturesUseOnlyApiTypes() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : publicApiTypes()) {
            List<Type> mentioned = new ArrayList<>();
            mentioned.add(type.getGenericSuperclass());
            mentioned.addAll(List.of(type.getGenericInterfaces()));
            for (Field f : type.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    mentioned.add(f.getGenericType());
                }
            }
            List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
            members.addAll(List.of(type.getDeclaredConstructors()));
            for (Executable e : members) {
                if (visible(e.getModifiers()) && !e.isSynthetic()) {
                    mentioned.addAll(List.of(e.getGenericParameterTypes()));
                    mentioned.addAll(List.of(e.getGenericExceptionTypes()));
                    if (e instanceof Method m) {
                        mentioned.add(m.getGenericReturnType());
                    }
                }
            }
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    mentioned.add(c.getGenericType());
                }
            }
            Set<String> names = new TreeSet<>();
            mentioned.forEach(t -> collect(t, names));
            names.stream().filter(n -> !allowed(n)).forEach(n -> leaks.add(type.getName() + " -> " + n));
        }
        assertThat(leaks).as("non-API types in the public API").isEmpty();
    }

    @Test
    void theArchitecturePageListsThePublicApi() throws Exception {
        String page = Files.readString(ARCHITECTURE);
        int start = page.indexOf("## The public API");
        assertThat(start).as("a section '## The public API' in " + ARCHITECTURE).isNotNegative();
        int end = page.indexOf("\n## ", start + 1);
        String section = page.substring(start, end < 0 ? page.length() : end);
        List<String> missing = new ArrayList<>();
        for (Class<?> type : publicApiTypes()) {
            if (type.getEnclosingClass() == null && !section.contains("`" + type.getSimpleName() + "`")) {
                missing.add(type.getName());
            }
        }
        assertThat(missing).as("public types the page does not list").isEmpty();
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static boolean allowed(String className) {
        return className.startsWith("java.") || className.startsWith("io.vnetif.api.") || className.startsWith("io.vnetif.client.");
    }

    private static void collect(Type t, Set<String> names) {
        if (t == null) {
            return;
        }
        if (t instanceof Class<?> c) {
            Class<?> element = c;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            if (!element.isPrimitive()) {
                names.add(element.getName());
            }
        } else if (t instanceof ParameterizedType p) {
            collect(p.getRawType(), names);
            for (Type argument : p.getActualTypeArguments()) {
                collect(argument, names);
            }
        } else if (t instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), names);
        } else if (t instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).forEach(b -> collect(b, names));
        } else if (t instanceof TypeVariable<?> v) {
            for (Type bound : v.getBounds()) {
                collect(bound, names);
            }
        }
    }

    /** The public types (nested ones included) of the exported packages, from the compiled classes. */
    private static List<Class<?>> publicApiTypes() throws IOException, ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        for (String pkg : List.of("io/vnetif/client", "io/vnetif/client/pcapng")) {
            try (Stream<Path> files = Files.list(CLASSES.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                    String name = CLASSES.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                    if (name.endsWith("package-info")) {
                        continue;
                    }
                    Class<?> c = Class.forName(name, false, ApiBoundaryTest.class.getClassLoader());
                    if (Modifier.isPublic(c.getModifiers()) && publiclyReachable(c)) {
                        types.add(c);
                    }
                }
            }
        }
        assertThat(types).as("public API types found").hasSizeGreaterThan(10);
        return types;
    }

    private static boolean publiclyReachable(Class<?> c) {
        for (Class<?> outer = c.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
            if (!Modifier.isPublic(outer.getModifiers())) {
                return false;
            }
        }
        return !c.isAnonymousClass() && !c.isLocalClass();
    }
}
