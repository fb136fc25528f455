package dev.vigil.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether recording works, and when to say that it does not: at the first failure at once, then at
 * most once per {@code reportEvery} while it goes on (a full disk would otherwise produce a report
 * per retry), and once when a write succeeds again. Pure: time comes in as monotonic nanoseconds.
 * Not thread-safe; one writer thread owns it.
 */
final class RecordingStatus {
    private final String what;
    private final long reportEveryNanos;
    private boolean failing;
    private long failingSinceNanos;
    private long lastReportNanos;
    private long lostSinceReport;
    private long lostDuringOutage;
    private long lostTotal;
    private String reason = "";

    RecordingStatus(String what, Duration reportEvery) {
        this.what = what;
        this.reportEveryNanos = reportEvery.toNanos();
    }

    /** A write failed; {@code waiting} events are held for the next attempt. */
    Optional<RecordingReport> failed(long nowNanos, long waiting, String why) {
        reason = why;
        if (!failing) {
            failing = true;
            failingSinceNanos = nowNanos;
            return report(nowNanos, waiting);
        }
        return due(nowNanos, waiting);
    }

    /** {@code n} events were dropped without being written. */
    Optional<RecordingReport> dropped(long nowNanos, long n, long waiting, String why) {
        if (n <= 0) {
            return Optional.empty();
        }
        lostSinceReport += n;
        lostTotal += n;
        if (failing) {
            lostDuringOutage += n;
        }
        if (!failing && lostTotal == n) {
            reason = why;
            return report(nowNanos, waiting);  // the first loss ever is said at once
        }
        if (!failing) {
            reason = why;
        }
        return due(nowNanos, waiting);
    }

    /** The daemon is stopping and {@code n} events can no longer be written: always said, never rate-limited. */
    RecordingReport lostAtEnd(long nowNanos, long n, String why) {
        lostSinceReport += n;
        lostTotal += n;
        reason = why;
        return report(nowNanos, 0).orElseThrow();
    }

    /** A write succeeded. */
    Optional<RecordingReport> wrote(long nowNanos) {
        if (!failing) {
            return Optional.empty();
        }
        failing = false;
        RecordingReport resumed = new RecordingReport.Resumed(what, lostDuringOutage,
                Duration.ofNanos(nowNanos - failingSinceNanos));
        lostDuringOutage = 0;
        lostSinceReport = 0;
        lastReportNanos = nowNanos;
        return Optional.of(resumed);
    }

    /** Nothing happened: a report of losses is due when the interval has passed since the last one. */
    Optional<RecordingReport> tick(long nowNanos, long waiting) {
        return due(nowNanos, waiting);
    }

    boolean failing() {
        return failing;
    }

    long lostTotal() {
        return lostTotal;
    }

    private Optional<RecordingReport> due(long nowNanos, long waiting) {
        if ((failing || lostSinceReport > 0) && nowNanos - lastReportNanos >= reportEveryNanos) {
            return report(nowNanos, waiting);
        }
        return Optional.empty();
    }

    private Optional<RecordingReport> report(long nowNanos, long waiting) {
        lastReportNanos = nowNanos;
        RecordingReport r = new RecordingReport.NotRecorded(what, waiting, lostSinceReport, lostTotal, reason);
        lostSinceReport = 0;
        return Optional.of(r);
    }
}
