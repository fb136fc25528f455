package dev.vigil.supervise;

import java.time.Duration;

/** Durations as people read them in reasons: "250ms", "30s", "1.5s", "5m". */
final class Durations {
    private Durations() {
    }

    static String human(Duration d) {
        return human(d.toNanos());
    }

    static String human(long nanos) {
        long millis = Math.max(0, Math.round(nanos / 1_000_000.0));
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    static long millis(long nanos) {
        return Math.round(nanos / 1_000_000.0);
    }
}
