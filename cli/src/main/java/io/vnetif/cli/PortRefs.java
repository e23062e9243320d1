package io.vnetif.cli;

import io.vnetif.api.MacAddress;
import io.vnetif.proto.v1.PortRef;
import java.util.regex.Pattern;

/** A port on the command line: a MAC ({@code 02:00:00:00:00:01}), a port id ({@code #1234}) or a label. */
final class PortRefs {
    /**
     * Six groups of one or two characters separated by dashes, or three or more separated by colons (a MAC with
     * a group left out or a typo in one): meant as a MAC, so it must be one (read as a label, a mistyped MAC would
     * only be "no port has this label"). Labels with dashes (db-1-a) stay labels.
     */
    private static final Pattern MAC_SHAPED = Pattern.compile("[^:-]{1,2}(-[^:-]{1,2}){5}|[^:]{1,2}(:[^:]{1,2}){2,}");

    private PortRefs() {
    }

    /** The port {@code word} names; an error names {@code what} (the option or parameter) and the word. */
    static PortRef parse(String what, String word) {
        if (word.isEmpty()) {
            throw new IllegalArgumentException(what + ": empty port name");
        }
        if (MAC_SHAPED.matcher(word).matches()) {
            return PortRef.newBuilder().setMac(mac(what, word).toString()).build();
        }
        if (word.startsWith("#")) {
            try {
                return PortRef.newBuilder().setPortId(Integer.parseUnsignedInt(word.substring(1))).build();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + ": '" + word + "' is not a port id (#1234)");
            }
        }
        return PortRef.newBuilder().setLabel(word).build();
    }

    /** A MAC address, or an error naming {@code what} and the word. */
    static MacAddress mac(String what, String word) {
        try {
            return MacAddress.parse(word);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": '" + word + "' is not a MAC address (want e.g. 02:00:00:00:00:01)", e);
        }
    }
}
