package dev.vigil.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@code [[notify]]} target is told about ({@code on = [...]}). Not to be confused with
 * {@link NotifyAccess}, which is about the sd_notify protocol between Vigil and its services.
 */
public enum AlertTrigger {
    DEGRADED, FAILED, RECOVERED, RESTARTED, WATCHDOG, CRASH_LOOP, BUDGET_EXHAUSTED;

    /** {@code on} when it is not written: the three every operator wants. */
    public static final Set<AlertTrigger> DEFAULT = EnumSet.of(DEGRADED, FAILED, RECOVERED);

    /** The name as written in the config and sent to hooks: {@code crash_loop}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(AlertTrigger::label).toList();
    }

    static Optional<AlertTrigger> parse(String label) {
        return Arrays.stream(values()).filter(t -> t.label().equals(label)).findFirst();
    }
}
