package dev.vigil.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The resource limits {@code rlimits} may set, with the names of {@code prlimit(1)} and
 * {@code setrlimit(2)}'s RLIMIT_*; each is applied as both soft and hard limit.
 */
public enum Rlimit {
    AS(Kind.BYTES), CORE(Kind.BYTES), CPU(Kind.SECONDS), DATA(Kind.BYTES), FSIZE(Kind.BYTES), LOCKS(Kind.COUNT),
    MEMLOCK(Kind.BYTES), MSGQUEUE(Kind.BYTES), NICE(Kind.NICE), NOFILE(Kind.FILES), NPROC(Kind.COUNT),
    RSS(Kind.BYTES), RTPRIO(Kind.RTPRIO), RTTIME(Kind.MICROSECONDS), SIGPENDING(Kind.COUNT), STACK(Kind.BYTES);

    /** The value meaning "no limit" (RLIM_INFINITY); written {@code "unlimited"}. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** What a limit counts, which decides what values are accepted. */
    enum Kind { BYTES, SECONDS, MICROSECONDS, COUNT, FILES, NICE, RTPRIO }

    private final Kind kind;

    Rlimit(Kind kind) {
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /** The lower-case name used in config and by prlimit ({@code nofile}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(Rlimit::key).toList();
    }
}
