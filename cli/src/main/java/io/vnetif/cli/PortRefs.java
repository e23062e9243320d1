package io.vnetif.cli;

import io.vnetif.proto.v1.PortRef;
import java.util.regex.Pattern;

/** A port on the command line: a MAC ({@code 02:00:00:00:00:01}), a port id ({@code #1234}) or a label. */
final class PortRefs {
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}");

    private PortRefs() {
    }

    static PortRef parse(String word) {
        if (word.isEmpty()) {
            throw new IllegalArgumentException("empty port name");
        }
        if (MAC.matcher(word).matches()) {
            return PortRef.newBuilder().setMac(word).build();
        }
        if (word.startsWith("#")) {
            try {
                return PortRef.newBuilder().setPortId(Integer.parseUnsignedInt(word.substring(1))).build();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + word + "' is not a port id (#1234)");
            }
        }
        return PortRef.newBuilder().setLabel(word).build();
    }
}
