package io.vnetif.server;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Near-valid requests: valid messages with one or two fields changed — at any depth: scalars, oneof
 * members, optional fields, sub-messages, elements of repeated fields — to a value from
 * {@link FieldValues}, or cleared. A request wrong in one place reaches the check for that place; one
 * wrong everywhere only ever meets the first check.
 */
public final class NearValid {
    /** A change at one place of one message: the changed copies it can make. */
    private interface Change extends Function<Message, Arbitrary<Message>> {
    }

    private NearValid() {
    }

    /** One in five valid as generated, two in five with one change, the rest with two. */
    public static <M extends Message> Arbitrary<M> of(Arbitrary<M> valid, FieldValues values) {
        Arbitrary<M> changedOnce = valid.flatMap(m -> changedOnce(m, values));
        return Arbitraries.frequencyOf(
                Tuple.of(1, valid),
                Tuple.of(2, changedOnce),
                Tuple.of(2, changedOnce.flatMap(m -> changedOnce(m, values))));
    }

    /** A message with one field set, and where: the field names from the message down, and the value. */
    public record FieldSet<M extends Message>(M message, List<String> path, Object value) {
    }

    /**
     * {@code message} with one scalar field that {@code which} selects set to a value from {@code values}:
     * a field of the message or of a sub-message that is set (setting a field in an unset one would add
     * it, which may be refused for that alone). Repeated fields are left alone.
     */
    public static <M extends Message> Arbitrary<FieldSet<M>> withOneFieldSet(M message, Predicate<FieldDescriptor> which, FieldValues values) {
        List<List<FieldDescriptor>> paths = new ArrayList<>();
        collectPaths(message, which, List.of(), paths);
        return Arbitraries.of(paths).flatMap(path -> values.of(path.get(path.size() - 1))
                .map(value -> new FieldSet<>(set(message, path, value), path.stream().map(FieldDescriptor::getName).toList(), value)));
    }

    private static void collectPaths(Message message, Predicate<FieldDescriptor> which, List<FieldDescriptor> above,
                                     List<List<FieldDescriptor>> paths) {
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            List<FieldDescriptor> path = new ArrayList<>(above);
            path.add(field);
            if (field.isRepeated()) {
                continue;
            }
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (message.hasField(field)) {
                    collectPaths((Message) message.getField(field), which, path, paths);
                }
            } else if (which.test(field)) {
                paths.add(path);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message> M set(M message, List<FieldDescriptor> path, Object value) {
        FieldDescriptor field = path.get(0);
        Object newValue = path.size() == 1 ? value : set((Message) message.getField(field), path.subList(1, path.size()), value);
        return (M) message.toBuilder().setField(field, newValue).build();
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message> Arbitrary<M> changedOnce(M message, FieldValues values) {
        return Arbitraries.of(changes(message, values)).flatMap(change -> change.apply(message).map(m -> (M) m));
    }

    /** Every change {@code message} admits; sub-messages, set or not, are descended into. */
    private static List<Change> changes(Message message, FieldValues values) {
        List<Change> changes = new ArrayList<>();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            boolean isMessage = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
            if (field.isRepeated() || isMessage || field.hasPresence()) {
                changes.add(m -> Arbitraries.just(m.toBuilder().clearField(field).build()));
            }
            if (field.isRepeated()) {
                for (int i = 0; isMessage && i < message.getRepeatedFieldCount(field); i++) {
                    int index = i;
                    for (Change inner : changes((Message) message.getRepeatedField(field, index), values)) {
                        changes.add(m -> inner.apply((Message) m.getRepeatedField(field, index))
                                .map(changed -> m.toBuilder().setRepeatedField(field, index, changed).build()));
                    }
                }
            } else if (isMessage) {
                for (Change inner : changes((Message) message.getField(field), values)) {
                    changes.add(m -> inner.apply((Message) m.getField(field)).map(changed -> m.toBuilder().setField(field, changed).build()));
                }
            } else {
                changes.add(m -> values.of(field).map(value -> m.toBuilder().setField(field, value).build()));
            }
        }
        return changes;
    }
}
