package dev.vigil.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The value of one {@code rlimits} entry: a number, {@code "unlimited"}, or a size for byte limits. */
final class RlimitValues {

    /** The kernel's default ceiling for RLIMIT_NOFILE when /proc/sys/fs/nr_open cannot be read. */
    private static final long DEFAULT_NR_OPEN = 1 << 20;

    private RlimitValues() {
    }

    static Optional<Long> read(TomlReader t, String key, Rlimit limit) {
        long max = max(limit);
        long min = limit == Rlimit.NOFILE ? 1 : 0;
        boolean bytes = limit.kind() == Rlimit.Kind.BYTES;
        boolean mayBeUnlimited = limit.kind() != Rlimit.Kind.NICE && limit.kind() != Rlimit.Kind.RTPRIO
                && limit != Rlimit.NOFILE;
        String expected = "an integer from " + min + " to " + max
                + (bytes ? ", a size such as \"8MiB\"" : "") + (mayBeUnlimited ? ", or \"unlimited\"" : "");
        Object raw = t.raw(key).orElseThrow();
        long value;
        switch (raw) {
            case Long n -> value = n;
            case String s when s.equals("unlimited") && mayBeUnlimited -> {
                return Optional.of(Rlimit.UNLIMITED);
            }
            case String s when bytes -> {
                try {
                    value = ByteSizes.parse(s);
                } catch (IllegalArgumentException e) {
                    t.problem(key, TomlValues.quote(s), e.getMessage(), expected);
                    return Optional.empty();
                }
            }
            default -> {
                t.problem(key, TomlValues.render(raw), "is not a valid " + key + " limit", expected);
                return Optional.empty();
            }
        }
        if (value < min || value > max) {
            t.problem(key, TomlValues.render(raw), "is out of range", expected);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static long max(Rlimit limit) {
        return switch (limit.kind()) {
            case NICE -> 40;       // RLIMIT_NICE is 20 - nice: 40 allows nice -20
            case RTPRIO -> 99;
            case FILES -> nrOpen();
            case BYTES, SECONDS, MICROSECONDS, COUNT -> Rlimit.UNLIMITED - 1;
        };
    }

    /** Above fs.nr_open setrlimit fails with EPERM even for root, so the value would only fail at start. */
    private static long nrOpen() {
        // A stream, not Files.readString: /proc files report size 0 and readString then returns a truncated value.
        try (var reader = Files.newBufferedReader(Path.of("/proc/sys/fs/nr_open"))) {
            String line = reader.readLine();
            return line == null ? DEFAULT_NR_OPEN : Long.parseLong(line.strip());
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_NR_OPEN;
        }
    }
}
