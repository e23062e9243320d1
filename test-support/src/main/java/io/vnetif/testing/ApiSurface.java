package io.vnetif.testing;

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
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A module's public API as its compiled classes show it — every public type of the exported packages — and
 * what its signatures mention, so a module's boundary test can say which internal type leaked into the API and
 * which API type its documentation forgot.
 */
public final class ApiSurface {
    private final List<Class<?>> types;

    private ApiSurface(List<Class<?>> types) {
        this.types = types;
    }

    /**
     * The public, publicly reachable types (nested ones included) of {@code packages} (as {@code io/vnetif/client})
     * under {@code classes}, loaded without initialising them by {@code loader}.
     */
    public static ApiSurface of(Path classes, List<String> packages, ClassLoader loader) throws IOException, ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        for (String pkg : packages) {
            try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                    String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                    if (name.endsWith("package-info")) {
                        continue;
                    }
                    Class<?> c = Class.forName(name, false, loader);
                    if (Modifier.isPublic(c.getModifiers()) && publiclyReachable(c)) {
                        types.add(c);
                    }
                }
            }
        }
        return new ApiSurface(types);
    }

    /** The API's types. */
    public List<Class<?>> types() {
        return types;
    }

    /** "Type -> mentioned type" for every type a public signature mentions that {@code allowed} refuses (by class name). */
    public List<String> leaks(Predicate<String> allowed) {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : types) {
            Set<String> names = new TreeSet<>();
            mentionedBy(type).forEach(t -> collect(t, names));
            names.stream().filter(allowed.negate()).forEach(n -> leaks.add(type.getName() + " -> " + n));
        }
        return leaks;
    }

    /**
     * The top-level API types whose simple name, in backquotes, the section {@code heading} of {@code page}
     * does not mention; throws when the page has no such section.
     */
    public List<String> unlistedIn(Path page, String heading) throws IOException {
        String text = Files.readString(page);
        int start = text.indexOf(heading);
        if (start < 0) {
            throw new IllegalStateException("no section '" + heading + "' in " + page + ": add one listing the public API");
        }
        int end = text.indexOf("\n## ", start + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        return types.stream().filter(t -> t.getEnclosingClass() == null && !section.contains("`" + t.getSimpleName() + "`"))
                .map(Class::getName).toList();
    }

    private static List<Type> mentionedBy(Class<?> type) {
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
        return mentioned;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
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

    private static boolean publiclyReachable(Class<?> c) {
        for (Class<?> outer = c.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
            if (!Modifier.isPublic(outer.getModifiers())) {
                return false;
            }
        }
        return !c.isAnonymousClass() && !c.isLocalClass();
    }
}
