package dev.vigil.export;

import dev.vigil.config.Durations;
import java.time.Duration;

/**
 * Durations for platforms that count whole seconds (Kubernetes probes, grace periods): rounded
 * up, never down, so a probe is never given less time than Vigil gives it and a period is never
 * shorter (a shorter period would probe harder than configured).
 */
final class WholeSeconds {
    private WholeSeconds() {
    }

    /** {@code d} rounded up to whole seconds, at least {@code min}. */
    static int ceil(Duration d, int min) {
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return (int) Math.max(min, Math.min(Integer.MAX_VALUE, seconds));
    }

    /**
     * {@link #ceil} that records a {@link Lossy} under {@code field} when the value changed,
     * naming the target field, e.g. {@code 500ms -> timeoutSeconds 1}.
     */
    static int ceil(Duration d, int min, Losses losses, String field, String target, String platform) {
        int seconds = ceil(d, min);
        if (!Duration.ofSeconds(seconds).equals(d)) {
            losses.add(field, Durations.format(d), target + " " + seconds,
                    platform + " counts whole seconds; rounded up");
        }
        return seconds;
    }
}
