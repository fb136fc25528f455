package dev.vigil.metrics;

import dev.vigil.time.Ticker;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * What {@code /livez} and {@code /readyz} say about the daemon itself, apart from the supervisor
 * thread (which is asked directly): whether the config was loaded and autostart services were
 * launched, and how late the probe scheduler started its most recent rounds.
 *
 * <p>Thread-safe; {@link #accept} (every probe round's lateness) is one volatile store.
 */
public final class DaemonHealth implements LongConsumer {

    /** A probe round that starts later than this means the scheduler is starved or stuck. */
    public static final Duration PROBE_LATE_LIMIT = Duration.ofSeconds(5);

    private final Ticker ticker;
    private volatile boolean ready;
    private volatile long lastRoundNanos;
    private volatile long lastLatenessNanos;
    private volatile boolean anyRound;
    private volatile HealthGates gates = HealthGates.NONE;

    public DaemonHealth(Ticker ticker) {
        this.ticker = ticker;
    }

    /** The config is loaded and the autostart services were launched. */
    public void markReady() {
        ready = true;
    }

    public boolean ready() {
        return ready;
    }

    /** A config was applied (start or reload): which services count in /livez and /readyz now. */
    public void gates(HealthGates applied) {
        gates = applied;
    }

    public HealthGates gates() {
        return gates;
    }

    /** Called for every probe round with how late it started. */
    @Override
    public void accept(long latenessNanos) {
        lastLatenessNanos = latenessNanos;
        lastRoundNanos = ticker.nanoTime();
        anyRound = true;
    }

    /** Why the probe scheduler looks unwell, or null when it is fine (or has nothing to run). */
    public String probeProblem() {
        if (!anyRound) {
            return null;
        }
        long late = lastLatenessNanos;
        if (late > PROBE_LATE_LIMIT.toNanos()) {
            return "probe rounds start " + late / 1_000_000 + " ms late";
        }
        return null;
    }

    /** Nanoseconds since the last probe round started, or -1 before the first. */
    public long sinceLastRoundNanos() {
        return anyRound ? ticker.nanoTime() - lastRoundNanos : -1;
    }
}
