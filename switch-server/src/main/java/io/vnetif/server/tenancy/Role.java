package io.vnetif.server.tenancy;

import java.util.Locale;

/** What a token may do on the networks it is given (a token file's fourth column). */
public enum Role {
    /** Attach ports (native, VXLAN, raw UDP) to its networks; a port's own client detaches it with its secret. */
    ATTACH,
    /** Add and remove impairment rules, partitions and cuts on its networks. */
    IMPAIR,
    /** Capture its networks' frames. */
    CAPTURE,
    /** See its networks in listings and read their counters. */
    OBSERVE,
    /** Everything above, and reset counters and remove any port (vnetif detach #ID) on its networks. */
    ADMIN;

    /** As the token file and refusals write it: {@code attach}, {@code impair}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role a word names.
     *
     * @throws IllegalArgumentException naming the roles there are
     */
    public static Role of(String word) {
        for (Role r : values()) {
            if (r.word().equals(word)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no role '" + word + "' (roles: attach, impair, capture, observe, admin)");
    }
}
