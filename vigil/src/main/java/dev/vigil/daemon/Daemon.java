package dev.vigil.daemon;

import dev.vigil.api.ControlServer;
import dev.vigil.api.ServerOptions;
import dev.vigil.api.StateDir;
import dev.vigil.alert.AlertCounter;
import dev.vigil.alert.AlertDispatcher;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.ConfigProblem;
import dev.vigil.config.LoadResult;
import dev.vigil.config.VigilConfig;
import dev.vigil.notify.UnixNotifySockets;
import dev.vigil.probe.ProbeScheduler;
import dev.vigil.probe.Prober;
import dev.vigil.process.LaunchRecord;
import dev.vigil.process.LeftoverProcesses;
import dev.vigil.process.NativeProcessLauncher;
import dev.vigil.process.ProcessInspector;
import dev.vigil.store.AsyncEventWriter;
import dev.vigil.store.VigilStore;
import dev.vigil.supervise.Jitter;
import dev.vigil.supervise.Scheduler;
import dev.vigil.supervise.Supervisor;
import dev.vigil.time.Ticker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: the one place that builds the real clock, launcher, store, sockets and
 * supervisor, and the only place that knows the order they start and stop in.
 *
 * <p>Start: load the config (all problems at once, exit 1), open the store, bind the control
 * socket (which refuses to start beside a live daemon), stop whatever an earlier daemon that
 * died left running, then start the services. Stop (SIGTERM/SIGINT): stop every service
 * gracefully, flush the event history, exit 0. SIGHUP: reload.
 */
public final class Daemon {
    /** Exit codes of {@code vigil daemon}. */
    public static final int OK = 0;
    public static final int CONFIG_INVALID = 1;
    public static final int CANNOT_START = 2;

    private final Path configPath;
    private final Path stateDir;
    private final PrintStream out;
    private final PrintStream err;
    private final Ticker ticker = Ticker.system();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private volatile boolean stopping;

    public Daemon(Path configPath, Path stateDir, PrintStream out, PrintStream err) {
        this.configPath = configPath.toAbsolutePath();
        this.stateDir = stateDir.toAbsolutePath();
        this.out = out;
        this.err = err;
    }

    /** Runs in the foreground until SIGTERM/SIGINT; returns the exit code. */
    public int run() throws Exception {
        ConfigLoader loader = new ConfigLoader();
        VigilConfig config;
        switch (loader.load(configPath)) {
            case LoadResult.Invalid invalid -> {
                err.println("vigil daemon: " + configPath + " is not valid (" + invalid.problems().size() + " problem"
                        + (invalid.problems().size() == 1 ? "" : "s") + "):");
                invalid.problems().stream().map(ConfigProblem::toString).forEach(p -> err.println("  " + p));
                return CONFIG_INVALID;
            }
            case LoadResult.Valid valid -> config = valid.config();
        }
        createPrivateDirectory(stateDir);
        VigilStore store = VigilStore.open(stateDir);
        AsyncEventWriter history = new AsyncEventWriter(store.events());
        EventBus bus = new EventBus(ticker);
        bus.subscribe(new JsonLogSink(out));
        bus.subscribe(history::offer);
        AlertDispatcher alerts = AlertDispatcher.start(config.alerts(), AlertCounter.NONE, store.file());
        bus.subscribe(alerts::accept);

        LogJournal journal = new LogJournal();
        ProcessInspector inspector = ProcessInspector.system();
        ProbeScheduler probes = ProbeScheduler.running(Prober.standard(ticker), ticker,
                LatenessReport.fromSystemProperty(err));
        Supervisor supervisor = new Supervisor(new Supervisor.Parts(
                new RegisteredLauncher(new NativeProcessLauncher(), store.processes(), journal),
                Scheduler.onDaemonThread(ticker), probes,
                new UnixNotifySockets(stateDir.resolve("notify"), bus::accept),
                new ProcEvidence(inspector), bus, ticker, Jitter.random(), stateDir.resolve("logs")));

        DaemonControl control = new DaemonControl(supervisor, store.events(), journal, configPath, ticker, loader, alerts);
        ControlServer server;
        try {
            server = ControlServer.start(ServerOptions.defaults(StateDir.socket(stateDir, null)), control);
        } catch (IOException e) {
            err.println("vigil daemon: " + e.getMessage());
            alerts.close();
            history.close();
            store.close();
            probes.close();
            return CANNOT_START;
        }
        // Everything below is closed in reverse order on the way out.
        closeLast.add(store);
        closeLast.add(history);
        closeLast.add(probes);
        closeLast.add(alerts);
        closeLast.add(supervisor);
        closeLast.add(server);

        boolean supervising = false;
        try {
            stopLeftovers(store, inspector, bus);
            supervisor.start();
            supervising = true;
            new DaemonSignals(this::shutdownAsync, () -> reload(control, bus)).install();
            var applied = supervisor.apply(config).get(5, TimeUnit.MINUTES);
            bus.accept(DaemonEvent.info("daemon_started", Map.of("pid", ProcessHandle.current().pid(),
                    "config", configPath.toString(), "state_dir", stateDir.toString(),
                    "socket", server.socket().toString(), "services", applied.added().size())));
            stopped.await();
        } finally {
            // Also on an unexpected failure above: never exit leaving services running unsupervised.
            if (supervising) {
                supervisorStopAll(supervisor, bus);
            }
            bus.accept(DaemonEvent.info("daemon_stopped", Map.of("pid", ProcessHandle.current().pid())));
            for (int i = closeLast.size() - 1; i >= 0; i--) {
                closeQuietly(closeLast.get(i));
            }
        }
        out.flush();
        return OK;
    }

    private void shutdownAsync() {
        if (!stopping) {
            stopping = true;
            stopped.countDown();
        }
    }

    private void supervisorStopAll(Supervisor supervisor, EventBus bus) {
        bus.accept(DaemonEvent.info("daemon_stopping", Map.of("services", supervisor.snapshot().services().size())));
        try {
            // Each service's own stop_timeout then SIGKILL bounds this; the cap only guards a bug.
            supervisor.stopAll().get(65, TimeUnit.MINUTES);
        } catch (Exception e) {
            bus.accept(DaemonEvent.warn("daemon_stop_incomplete", Map.of("error", String.valueOf(e))));
        }
    }

    private void reload(DaemonControl control, EventBus bus) {
        try {
            var result = control.reload();
            bus.accept(DaemonEvent.info("config_reloaded", Map.of("added", result.added(), "removed", result.removed(),
                    "changed", result.changed(), "unchanged", result.unchanged())));
        } catch (dev.vigil.api.ApiException e) {
            bus.accept(DaemonEvent.warn("config_rejected", Map.of("message", e.getMessage(),
                    "details", String.valueOf(e.data()))));
        } catch (RuntimeException e) {
            bus.accept(DaemonEvent.warn("config_rejected", Map.of("message", String.valueOf(e))));
        }
    }

    /** An earlier daemon that was SIGKILLed left these running: stop them before starting anew. */
    private static void stopLeftovers(VigilStore store, ProcessInspector inspector, EventBus bus) {
        List<LaunchRecord> rows = store.processes().all();
        if (rows.isEmpty()) {
            return;
        }
        List<LeftoverProcesses.Outcome> outcomes = new LeftoverProcesses(inspector).stopAll(rows);
        for (LeftoverProcesses.Outcome outcome : outcomes) {
            LaunchRecord r = outcome.record();
            bus.accept(new DaemonEvent("leftover_" + outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT),
                    dev.vigil.event.Severity.WARN, Map.of("for_service", r.service(), "for_process", r.process(),
                    "pid", r.pid(), "strays", outcome.strays())));
            store.processes().remove(r.instanceToken());
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            err.println("vigil daemon: while closing " + closeable.getClass().getSimpleName() + ": " + e);
        }
    }

    /** Used by tests that run the daemon in-process. */
    void stop() {
        shutdownAsync();
    }

}
