package io.vnetif.junit;

import io.vnetif.client.Vnetif;
import io.vnetif.client.VirtualSwitch;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link VnetifTest}: a LAN per test, parameters and fields injected,
 * a report on failure, everything torn down after the test.
 */
public final class VnetifExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VnetifExtension.class);
    private static final String LAN = "lan";

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        VnetifTest config = findConfig(context.getRequiredTestClass())
                .orElseThrow(() -> new IllegalStateException("use @VnetifTest on the test class"));
        TestLan lan = TestLan.create(config.mode(), config.address());
        context.getStore(NAMESPACE).put(LAN, lan);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            inject(instance, lan);
        }
    }

    /** On the class, a superclass ({@code @Inherited}) or, for {@code @Nested} classes, an enclosing class. */
    private static java.util.Optional<VnetifTest> findConfig(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            java.util.Optional<VnetifTest> found = AnnotationSupport.findAnnotation(c, VnetifTest.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    private static void inject(Object instance, TestLan lan) throws Exception {
        for (Class<?> c = instance.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Nic nic = f.getAnnotation(Nic.class);
                boolean marked = f.isAnnotationPresent(Lan.class);
                if (nic == null && !marked) {
                    continue;
                }
                f.setAccessible(true);
                if (nic != null && f.getType() == Vnetif.class) {
                    f.set(instance, lan.attach(nic, f.getName()));
                } else if (marked && f.getType() == VirtualSwitch.class) {
                    f.set(instance, lan.lan());
                } else if (marked && f.getType() == JvmLauncher.class) {
                    f.set(instance, lan.launcher());
                } else {
                    throw new IllegalStateException("@Nic goes on Vnetif fields, @Lan on VirtualSwitch or JvmLauncher fields: " + f);
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == VirtualSwitch.class || type == JvmLauncher.class || type == Vnetif.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestLan lan = context.getStore(NAMESPACE).get(LAN, TestLan.class);
        if (lan == null) {
            throw new ParameterResolutionException("vnetif parameters are for test methods of a @VnetifTest class");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == VirtualSwitch.class) {
            return lan.lan();
        }
        if (type == JvmLauncher.class) {
            return lan.launcher();
        }
        Nic nic = parameter.findAnnotation(Nic.class).orElse(DefaultNic.INSTANCE);
        try {
            return lan.attach(nic, parameter.getParameter().isNamePresent() ? parameter.getParameter().getName() : "nic" + parameter.getIndex());
        } catch (java.io.IOException e) {
            throw new ParameterResolutionException("cannot record " + parameter.getParameter(), e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        TestLan lan = context.getStore(NAMESPACE).remove(LAN, TestLan.class);
        if (lan == null) {
            return;
        }
        try {
            Throwable failure = context.getExecutionException().orElse(null);
            if (failure != null && !(failure instanceof org.opentest4j.TestAbortedException)) {
                // Class, method and a short hash of the unique id: repeated and parameterized runs get their own.
                String name = (context.getRequiredTestClass().getName() + "." + context.getRequiredTestMethod().getName()
                        + "-" + Integer.toHexString(context.getUniqueId().hashCode())).replaceAll("[^A-Za-z0-9._-]", "_");
                List<Path> report = lan.report(name);
                System.err.println("vnetif: " + name + " failed; LAN report: " + report.stream().map(p -> p.toAbsolutePath().toString()).toList());
            }
        } finally {
            lan.close();
        }
    }

    /** The settings of an unannotated {@code Vnetif} parameter: those of a bare {@code @Nic}. */
    private static final class DefaultNic {
        @Nic
        private static Object defaults;
        static final Nic INSTANCE = annotation();

        private static Nic annotation() {
            try {
                return DefaultNic.class.getDeclaredField("defaults").getAnnotation(Nic.class);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
