package io.vnetif.server;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} (and ISO-8601 such as {@code PT5S}); positive only. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        Matcher m = SIMPLE.matcher(text.trim());
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": d = Duration.ofMillis(n); break;
                case "s": d = Duration.ofSeconds(n); break;
                case "m": d = Duration.ofMinutes(n); break;
                default: d = Duration.ofHours(n); break;
            }
        } else {
            try {
                d = Duration.parse(text);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a duration (e.g. 500ms, 5s, 2m)");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new CommandLine.TypeConversionException("'" + text + "' must be longer than zero");
        }
        return d;
    }
}
