package io.vnetif.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.util.Base64;
import java.util.List;

/**
 * The JSON of {@code --json}, for scripts: a control answer with the field names of protobuf's JSON mapping
 * ({@code portId}, {@code rxFrames}), so any protobuf library reads it back, but stable for readers without
 * one: every field is present (an empty list is {@code []}, a message or optional value not set is
 * {@code null}), numbers are JSON numbers (protobuf's own printer writes 64-bit ones as strings and leaves
 * out zeros), enums are their names.
 */
final class Json {
    private final StringBuilder out = new StringBuilder();

    private Json() {
    }

    /** {@code message} as pretty-printed JSON, fields in the proto's order. */
    static String of(MessageOrBuilder message) {
        Json json = new Json();
        json.message(message, "");
        return json.out.toString();
    }

    private void message(MessageOrBuilder message, String indent) {
        List<FieldDescriptor> fields = message.getDescriptorForType().getFields();
        if (fields.isEmpty()) {
            out.append("{}");
            return;
        }
        String inner = indent + "  ";
        out.append("{\n");
        for (int i = 0; i < fields.size(); i++) {
            FieldDescriptor field = fields.get(i);
            out.append(inner);
            string(field.getJsonName());
            out.append(": ");
            if (field.isRepeated()) {
                list(message, field, inner);
            } else if (field.hasPresence() && !message.hasField(field)) {
                out.append("null");
            } else {
                value(field, message.getField(field), inner);
            }
            out.append(i + 1 < fields.size() ? ",\n" : "\n");
        }
        out.append(indent).append('}');
    }

    private void list(MessageOrBuilder message, FieldDescriptor field, String indent) {
        int count = message.getRepeatedFieldCount(field);
        if (count == 0) {
            out.append("[]");
            return;
        }
        String inner = indent + "  ";
        out.append("[\n");
        for (int i = 0; i < count; i++) {
            out.append(inner);
            value(field, message.getRepeatedField(field, i), inner);
            out.append(i + 1 < count ? ",\n" : "\n");
        }
        out.append(indent).append(']');
    }

    private void value(FieldDescriptor field, Object value, String indent) {
        switch (field.getType()) {
            case MESSAGE, GROUP -> message((MessageOrBuilder) value, indent);
            case ENUM -> string(((EnumValueDescriptor) value).getName());
            case STRING -> string((String) value);
            case BYTES -> string(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case BOOL -> out.append(value);
            // Unsigned on the wire, signed in Java: written as the unsigned number the API means.
            case UINT32, FIXED32 -> out.append(Integer.toUnsignedString((Integer) value));
            case UINT64, FIXED64 -> out.append(Long.toUnsignedString((Long) value));
            case DOUBLE, FLOAT -> number(((Number) value).doubleValue());
            default -> out.append(value); // the signed integer types
        }
    }

    /** A finite double as JSON writes numbers; JSON has no NaN or infinity, so those are {@code null}. */
    private void number(double value) {
        if (!Double.isFinite(value)) {
            out.append("null");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
