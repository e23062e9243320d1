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
                Host host = f.getAnnotation(Host.class);
                boolean marked = f.isAnnotationPresent(Lan.class);
                if (nic == null && host == null && !marked) {
                    continue;
                }
                f.setAccessible(true);
                if (nic != null && f.getType() == Vnetif.class) {
                    f.set(instance, lan.attach(nic, f.getName()));
                } else if (host != null && f.getType().getName().equals(TestHosts.STACK_CLASS)) {
                    f.set(instance, lan.host(host, f.getName()));
                } else if (marked && f.getType() == VirtualSwitch.class) {
                    f.set(instance, lan.lan());
                } else if (marked && f.getType() == JvmLauncher.class) {
                    f.set(instance, lan.launcher());
                } else {
                    throw new IllegalStateException("@Nic goes on Vnetif fields, @Host on NetStack fields, @Lan on VirtualSwitch or JvmLauncher fields: " + f);
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == VirtualSwitch.class || type == JvmLauncher.class || type == Vnetif.class || isStack(type);
    }

    /** By name: the stack's class is not loaded unless the test uses it (vnetif-netstack is optional). */
    private static boolean isStack(Class<?> type) {
        return type.getName().equals(TestHosts.STACK_CLASS);
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
        String name = parameter.getParameter().isNamePresent() ? parameter.getParameter().getName() : "nic" + parameter.getIndex();
        try {
            if (isStack(type)) {
                return lan.host(parameter.findAnnotation(Host.class).orElse(Defaults.HOST), name);
            }
            return lan.attach(parameter.findAnnotation(Nic.class).orElse(Defaults.NIC), name);
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

    /** The settings of unannotated {@code Vnetif} and {@code NetStack} parameters: those of a bare {@code @Nic} and {@code @Host}. */
    private static final class Defaults {
        @Nic
        @Host
        private static Object defaults;
        static final Nic NIC = annotation(Nic.class);
        static final Host HOST = annotation(Host.class);

        private static <A extends java.lang.annotation.Annotation> A annotation(Class<A> type) {
            try {
                return Defaults.class.getDeclaredField("defaults").getAnnotation(type);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
