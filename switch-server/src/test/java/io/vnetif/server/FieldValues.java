package io.vnetif.server;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.vnetif.server.control.RequestArbitraries;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * What a protobuf field may be changed to, by field name, else by protobuf type, else by Java type
 * (uint32 and uint64 edges, doubles around [0, 1], any enum number). Text fields must be named: their
 * meaning (a host, a MAC, a network name) decides what is worth trying — and a host text that is no
 * literal would be looked up in DNS, so no text field gets arbitrary strings by default.
 */
public final class FieldValues {
    private final Map<String, Arbitrary<?>> byName = new HashMap<>();
    private final Map<FieldDescriptor.Type, Arbitrary<?>> byType = new EnumMap<>(FieldDescriptor.Type.class);

    /** Values for every field called one of {@code names}, in any message. */
    public FieldValues named(Arbitrary<?> values, String... names) {
        for (String name : names) {
            byName.put(name, values);
        }
        return this;
    }

    /** Values for every field of one of {@code types} that is not named. */
    public FieldValues typed(Arbitrary<?> values, FieldDescriptor.Type... types) {
        for (FieldDescriptor.Type type : types) {
            byType.put(type, values);
        }
        return this;
    }

    /** Values for {@code field}, as {@link com.google.protobuf.Message.Builder#setField} takes them. */
    Arbitrary<?> of(FieldDescriptor field) {
        Arbitrary<?> named = byName.get(field.getName());
        if (field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
            Arbitrary<Integer> numbers = named != null ? named.map(Integer.class::cast)
                    : Arbitraries.frequencyOf(
                            Tuple.of(3, Arbitraries.integers().between(0, field.getEnumType().getValues().size())),
                            Tuple.of(1, Arbitraries.integers()));
            return numbers.map(n -> field.getEnumType().findValueByNumberCreatingIfUnknown(n));
        }
        if (named != null) {
            return named;
        }
        if (byType.containsKey(field.getType())) {
            return byType.get(field.getType());
        }
        return switch (field.getJavaType()) {
            case INT -> RequestArbitraries.uint32s();
            case LONG -> RequestArbitraries.uint64s();
            case DOUBLE -> RequestArbitraries.probabilities();
            case BOOLEAN -> Arbitraries.of(true, false);
            default -> throw new IllegalStateException("no values for field " + field.getFullName() + ": name them");
        };
    }
}
