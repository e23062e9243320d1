package io.vnetif.server.tenancy;

import io.vnetif.api.Refusal;
import io.vnetif.core.ControlException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the holder of one token may do: roles on the networks its patterns cover. A pattern is a network
 * name, a prefix ending in {@code *} ({@code ci-a-*}), or {@code *} for every network; only a grant with
 * {@code *} sees the switch-wide counters (unattributed drops, the ledger, attaches). Immutable.
 */
public final class Grant {
    /** Every role on every network: the switch without a token, or with the single token of {@code --token-file}. */
    public static final Grant EVERYTHING = new Grant("admin", List.of("*"), EnumSet.allOf(Role.class), false);

    private final String name;
    private final List<String> networks;
    private final Set<Role> roles;
    private final boolean scoped;

    /**
     * @param name     the token's name in its file, for refusals and logs (never the token itself)
     * @param networks network patterns
     * @param roles    what it may do there ({@link Role#ADMIN} implies the others)
     * @param scoped   whether it comes from a token file of many (then its name is also the client its
     *                 limits count against) rather than standing for the whole switch
     */
    public Grant(String name, List<String> networks, Set<Role> roles, boolean scoped) {
        this.name = name;
        this.networks = List.copyOf(networks);
        this.roles = roles.contains(Role.ADMIN) ? EnumSet.allOf(Role.class) : EnumSet.copyOf(roles);
        this.scoped = scoped;
    }

    public String name() {
        return name;
    }

    /** Whether this grant comes from a token file of many, so that its name identifies a client. */
    public boolean scoped() {
        return scoped;
    }

    /** Whether it may do {@code role} on {@code network}. */
    public boolean allows(Role role, String network) {
        return roles.contains(role) && covers(network);
    }

    /** Whether any of its roles reach {@code network}: a network it cannot see is, to it, a network that is not there. */
    public boolean sees(String network) {
        return covers(network);
    }

    /**
     * Whether it may do {@code role} on every network, and so also on what belongs to none: the switch-wide
     * counters (unattributed drops, the ledger), all rules at once.
     */
    public boolean allowsEverywhere(Role role) {
        return roles.contains(role) && networks.contains("*");
    }

    /**
     * Refuses unless it may do {@code role} on {@code network}.
     *
     * @throws ControlException PERMISSION_DENIED naming the network, the token and what it may do
     */
    public void require(Role role, String network) {
        if (!allows(role, network)) {
            throw new ControlException(Refusal.PERMISSION_DENIED, "token '" + name + "' may not " + role.word() + " on network '" + network
                    + "' (it may " + roles.stream().map(Role::word).collect(Collectors.joining(", ")) + " on " + String.join(", ", networks)
                    + "): use a token that may");
        }
    }

    private boolean covers(String network) {
        for (String pattern : networks) {
            if (pattern.endsWith("*") ? network.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(network)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "token '" + name + "'";
    }
}
