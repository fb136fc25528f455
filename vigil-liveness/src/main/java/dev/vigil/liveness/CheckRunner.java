package dev.vigil.liveness;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Runs one named readiness check on its own daemon platform thread when the watchdog asks, so a
 * hanging check holds neither the watchdog nor the listener. The watchdog judges the timeout with
 * its own clock: a run still going after the timeout makes the check not ready until it returns.
 */
final class CheckRunner implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.vigil.liveness");

    private final String name;
    private final long timeoutNanos;
    private final ReadinessCheck check;
    private final Semaphore go = new Semaphore(0);
    private final Thread thread;
    private volatile ReadinessCheck.Result latest;
    private volatile boolean running;
    private long startedAtNanos; // watchdog thread only

    CheckRunner(String name, Duration timeout, ReadinessCheck check) {
        this.name = name;
        this.timeoutNanos = timeout.toNanos();
        this.check = check;
        this.thread = Thread.ofPlatform().daemon().name("vigil-liveness-check-" + name).unstarted(this::runLoop);
    }

    void start() {
        thread.start();
    }

    /**
     * The check's status at {@code now}; starts a new run if none is in flight. Watchdog thread only.
     */
    HealthSnapshot.CheckStatus poll(long nowNanos) {
        if (running) {
            long elapsed = nowNanos - startedAtNanos;
            if (elapsed > timeoutNanos) {
                return new HealthSnapshot.CheckStatus(name, false, "check '" + name + "' timed out: running for "
                        + HealthSnapshot.millis(elapsed) + " ms > timeout " + HealthSnapshot.millis(timeoutNanos) + " ms");
            }
            return status(latest);
        }
        HealthSnapshot.CheckStatus status = status(latest);
        running = true;
        startedAtNanos = nowNanos;
        go.release();
        return status;
    }

    private HealthSnapshot.CheckStatus status(ReadinessCheck.Result result) {
        return switch (result) {
            case null -> new HealthSnapshot.CheckStatus(name, false, "check '" + name + "' has not completed yet");
            case ReadinessCheck.Result.Ready() -> new HealthSnapshot.CheckStatus(name, true, "");
            case ReadinessCheck.Result.NotReady(String reason) ->
                    new HealthSnapshot.CheckStatus(name, false, "check '" + name + "': " + reason);
        };
    }

    private void runLoop() {
        while (true) {
            try {
                go.acquire();
            } catch (InterruptedException e) {
                return; // closed
            }
            ReadinessCheck.Result result;
            try {
                result = check.check();
                if (result == null) {
                    result = ReadinessCheck.notReady("check returned null");
                }
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "readiness check " + name + " threw", e);
                result = ReadinessCheck.notReady("threw " + e);
            }
            latest = result;
            running = false;
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
