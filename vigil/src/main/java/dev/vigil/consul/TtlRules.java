package dev.vigil.consul;

import dev.vigil.config.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * When a watchdog's TTL check passes or fails, and when an update is due. Pure.
 *
 * <p>Pass while the process runs and its last WATCHDOG=1 is at most one period old; fail when it
 * does not run, or has run a whole period without one (the daemon's own watchdog rule). A process
 * that started less than a period ago and has not pinged yet gets no update: it has that long, as
 * it has with the daemon. A pass is repeated every third of the TTL so the check never expires
 * between two pings; a fail is sent once (Consul keeps it, and would also fail the check itself
 * once the TTL ran out).
 */
final class TtlRules {

    /** What to set a check to, and the note Consul shows with it. */
    record Verdict(TtlStatus status, String note) {}

    /** The last update Consul accepted for a check. */
    record Sent(TtlStatus status, long atNanos) {}

    private TtlRules() {
    }

    static Optional<Verdict> verdict(WatchdogFacts.ProcessFacts facts, Duration ttl) {
        if (!facts.alive()) {
            return Optional.of(new Verdict(TtlStatus.FAIL, "not running"));
        }
        Optional<Duration> since = facts.sinceLastPing();
        if (since.isPresent() && since.get().compareTo(ttl) <= 0) {
            return Optional.of(new Verdict(TtlStatus.PASS, "WATCHDOG=1 " + Durations.human(since.get().toNanos()) + " ago"));
        }
        if (facts.upFor().compareTo(ttl) < 0) {
            return Optional.empty();
        }
        return Optional.of(new Verdict(TtlStatus.FAIL, "no WATCHDOG=1 within " + Durations.human(ttl.toNanos())));
    }

    static boolean due(Verdict verdict, Sent last, long nowNanos, Duration ttl) {
        if (last == null || last.status() != verdict.status()) {
            return true;
        }
        return verdict.status() == TtlStatus.PASS && nowNanos - last.atNanos() >= ttl.toNanos() / 3;
    }
}
