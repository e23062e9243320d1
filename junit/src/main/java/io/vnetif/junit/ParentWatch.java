package io.vnetif.junit;

import java.lang.reflect.Method;

/**
 * The entry point of JVMs started by {@link JvmLauncher}: ends the JVM when the test JVM that started
 * it dies (even by {@code kill -9}, which runs no shutdown hook), then runs the real main class (or,
 * for a {@code Runnable} with a no-argument constructor, its {@code run}). Arguments:
 * {@code <parent pid> <class> <args...>}.
 */
public final class ParentWatch {
    private ParentWatch() {
    }

    public static void main(String[] args) throws Throwable {
        long parent = Long.parseLong(args[0]);
        ProcessHandle.of(parent).ifPresentOrElse(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(137)),
                () -> Runtime.getRuntime().halt(137));
        Class<?> target = Class.forName(args[1]);
        String[] rest = new String[args.length - 2];
        System.arraycopy(args, 2, rest, 0, rest.length);
        try {
            if (Runnable.class.isAssignableFrom(target)) {
                ((Runnable) target.getDeclaredConstructor().newInstance()).run(); // a Runnable by class name
                return;
            }
            Method main = target.getMethod("main", String[].class);
            main.invoke(null, (Object) rest);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
