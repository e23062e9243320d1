package io.vnetif.server.tenancy;

import io.vnetif.proto.security.AccessToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tokens a switch accepts, each with its {@link Grant}: the single token of {@code --token-file}
 * (every role on every network), or a token file of tenants ({@code --tokens}), one line each:
 *
 * <pre>
 * # name  token                              networks      roles
 * ci-a    1f0e6c2b9a8d47e3b5c4d2e1f0a9b8c7   ci-a,ci-a-*   attach,impair,capture,observe
 * ops     8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f   *             admin
 * </pre>
 *
 * Blank lines and lines starting with {@code #} are skipped. Immutable.
 */
public final class Tenants {
    /** Shortest token a token file may hold: a guessable token would scope nothing. */
    public static final int MIN_TOKEN_LENGTH = 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A network name (as the engine checks it), or a prefix of one followed by {@code *}, or {@code *} alone. */
    private static final Pattern NETWORK_PATTERN = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63}|[A-Za-z0-9][A-Za-z0-9._-]{0,62}\\*");

    private record Entry(AccessToken token, Grant grant) {
    }

    private final List<Entry> entries;

    private Tenants(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The one token of {@code --token-file}: its holder may do everything, as before tokens had scopes. */
    public static Tenants single(AccessToken token) {
        return new Tenants(List.of(new Entry(token, Grant.EVERYTHING)));
    }

    /**
     * The token file {@code file}.
     *
     * @throws IllegalArgumentException naming the file and line of the first thing wrong (never repeating a token)
     */
    public static Tenants read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read it (" + e + ")", e);
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            try {
                Entry e = entry(line);
                if (!names.add(e.grant().name())) {
                    throw new IllegalArgumentException("the name '" + e.grant().name() + "' is taken by an earlier line");
                }
                if (!tokens.add(e.token().headerValue())) {
                    throw new IllegalArgumentException("the token of '" + e.grant().name() + "' is an earlier line's: give each its own");
                }
                entries.add(e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(file + ": no tokens (one line each: NAME TOKEN NETWORKS ROLES, e.g. "
                    + "'ci-a <openssl rand -hex 32> ci-a-* attach,impair,capture,observe')");
        }
        return new Tenants(entries);
    }

    private static Entry entry(String line) {
        String[] fields = line.split("\\s+");
        if (fields.length != 4) {
            throw new IllegalArgumentException(fields.length + " fields where 4 belong: NAME TOKEN NETWORKS ROLES");
        }
        String name = fields[0];
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad name '" + name + "': want 1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit");
        }
        AccessToken token = AccessToken.of(fields[1]);
        if (fields[1].length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the token of '" + name + "' has " + fields[1].length() + " characters: use at least "
                    + MIN_TOKEN_LENGTH + " (e.g. openssl rand -hex 32)");
        }
        List<String> networks = List.of(fields[2].split(","));
        for (String pattern : networks) {
            if (!NETWORK_PATTERN.matcher(pattern).matches()) {
                throw new IllegalArgumentException("bad network pattern '" + pattern + "' of '" + name
                        + "': want a network name, a prefix of one ending in *, or * alone");
            }
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String word : fields[3].split(",")) {
            roles.add(Role.of(word));
        }
        return new Entry(token, new Grant(name, networks, roles, true));
    }

    /**
     * The grant of a received {@code authorization} header value, or {@code null} when it carries no token of
     * these. Every token is compared, the matching one or not, so the time it takes tells nothing about which.
     */
    public Grant grantOf(String headerValue) {
        Grant found = null;
        for (Entry e : entries) {
            if (e.token().matches(headerValue) && found == null) {
                found = e.grant();
            }
        }
        return found;
    }

    /** Whether the tokens are a tenants' file (each a client with its own limits) rather than the one token of the switch. */
    public boolean scoped() {
        return entries.get(0).grant().scoped();
    }

    /** How many tokens there are. */
    public int size() {
        return entries.size();
    }
}
