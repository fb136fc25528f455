package dev.vigil.daemon;

import dev.vigil.event.Severity;
import dev.vigil.process.NativeProcessLauncher;
import dev.vigil.supervise.Supervisor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@link FatalErrors} does with this daemon's parts: one stderr line and a {@code daemon_fatal}
 * event; every service stopped through the supervisor while it answers (15 s at most; not at all
 * when the supervisor's own thread is the one that failed), then whatever still runs directly
 * through the launcher (SIGTERM, 5 s, SIGKILL and a token sweep); queued output gets 2 s.
 */
final class FatalShutdown implements FatalErrors.Shutdown {
    private final Supervisor supervisor;
    private final NativeProcessLauncher launcher;
    private final EventBus bus;
    private final AsyncLineWriter stdoutLines;
    private final AsyncLineWriter stderrLines;
    private volatile boolean supervisorLost;

    FatalShutdown(Supervisor supervisor, NativeProcessLauncher launcher, EventBus bus, AsyncLineWriter stdoutLines,
            AsyncLineWriter stderrLines) {
        this.supervisor = supervisor;
        this.launcher = launcher;
        this.bus = bus;
        this.stdoutLines = stdoutLines;
        this.stderrLines = stderrLines;
    }

    @Override
    public void announce(Thread thread, Throwable error) {
        supervisorLost = thread.getName().equals("vigil-supervisor");
        StackTraceElement[] frames = error.getStackTrace();
        String where = frames.length == 0 ? "" : " at " + frames[0];
        stderrLines.offer("vigil daemon: fatal: " + error + " on thread " + thread.getName() + where
                + "; stopping every service and exiting " + Daemon.FATAL);
        bus.accept(new DaemonEvent("daemon_fatal", Severity.ERROR, Map.of("thread", thread.getName(),
                "error", String.valueOf(error), "exit_code", Daemon.FATAL)));
    }

    @Override
    public void stopServices() {
        if (!supervisorLost) {
            try {
                // Graceful while it answers; what is left is stopped below without it.
                supervisor.stopAll().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                stderrLines.offer("vigil daemon: fatal: the supervisor did not stop every service (" + e
                        + "); stopping what is left directly");
            }
        }
        launcher.stopEverything(Duration.ofSeconds(5));
    }

    @Override
    public void flush() {
        stdoutLines.flush(Duration.ofSeconds(2));
        stderrLines.flush(Duration.ofSeconds(2));
    }
}
