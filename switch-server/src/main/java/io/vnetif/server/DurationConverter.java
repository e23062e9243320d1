package io.vnetif.server;

import io.vnetif.text.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** A duration flag, in the grammar every vnetif duration is written in ({@link Durations}); positive only. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        try {
            return Durations.parsePositive(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
