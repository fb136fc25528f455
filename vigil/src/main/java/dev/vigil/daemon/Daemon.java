package dev.vigil.daemon;

import dev.vigil.api.ControlHandler;
import dev.vigil.api.ControlMethods;
import dev.vigil.api.ControlServer;
import dev.vigil.api.MethodRegistry;
import dev.vigil.api.ServerOptions;
import dev.vigil.api.StateDir;
import dev.vigil.alert.AlertDispatcher;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.ConfigProblem;
import dev.vigil.config.LoadResult;
import dev.vigil.config.VigilConfig;
import dev.vigil.files.StateDirCheck;
import dev.vigil.files.UnsafePathException;
import dev.vigil.metrics.CountingControl;
import dev.vigil.metrics.DaemonHealth;
import dev.vigil.metrics.ServiceCounters;
import dev.vigil.notify.UnixNotifySockets;
import dev.vigil.files.SearchPath;
import dev.vigil.probe.DeadlineAlarms;
import dev.vigil.probe.ProbeScheduler;
import dev.vigil.probe.Prober;
import dev.vigil.process.LaunchRecord;
import dev.vigil.process.LeftoverProcesses;
import dev.vigil.process.LogRetention;
import dev.vigil.process.NativeProcessLauncher;
import dev.vigil.process.ProcessInspector;
import dev.vigil.process.TailLimits;
import dev.vigil.store.AsyncEventWriter;
import dev.vigil.store.NewerSchemaException;
import dev.vigil.store.ProcessBook;
import dev.vigil.store.Retention;
import dev.vigil.store.StoreKeeper;
import dev.vigil.store.VigilStore;
import dev.vigil.supervise.Jitter;
import dev.vigil.supervise.Scheduler;
import dev.vigil.supervise.Supervisor;
import dev.vigil.time.Ticker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
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
    /** {@code vigil run} only: a critical service (or any, with exit_on_failed) reached FAILED; everything was stopped. */
    public static final int SERVICE_FAILED = ContainerRun.SERVICE_FAILED;
    /** An Error (OutOfMemoryError, ...) on a daemon thread: services were stopped, restart the daemon. */
    public static final int FATAL = 70;
    /** How long the way down after a fatal error may take before the JVM halts regardless. */
    private static final Duration FATAL_LIMIT = Duration.ofSeconds(60);
    /** How often {@code vigil run} looks for orphans to reap: one waitid when there are none. */
    private static final Duration REAP_PERIOD = Duration.ofMillis(Long.getLong("vigil.reap_period_ms", 100));

    private final Path configPath;
    private final Path stateDir;
    private final PrintStream out;
    private final PrintStream err;
    /** Null for {@code vigil daemon}; set for {@code vigil run}. */
    private final RunOptions runOptions;
    private final Ticker ticker = Ticker.system();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private volatile boolean stopping;
    private AsyncLineWriter stdoutLines;
    private AsyncLineWriter stderrLines;

    public Daemon(Path configPath, Path stateDir, PrintStream out, PrintStream err) {
        this(configPath, stateDir, out, err, null);
    }

    /** With {@code runOptions}: {@code vigil run} (see {@link RunOptions}); null: {@code vigil daemon}. */
    public Daemon(Path configPath, Path stateDir, PrintStream out, PrintStream err, RunOptions runOptions) {
        this.runOptions = runOptions;
        this.configPath = configPath.toAbsolutePath();
        this.stateDir = stateDir.toAbsolutePath();
        this.out = out;
        this.err = err;
    }

    /** Runs in the foreground until SIGTERM/SIGINT; returns the exit code. */
    public int run() throws Exception {
        // SLF4J is on the class path for Jetty (and sqlite-jdbc then uses it too); Vigil ships no
        // provider, on purpose: keep SLF4J's "no providers" notice off the daemon's stderr.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
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
        try {
            // docs/ARCHITECTURE.md "The state directory": refuse one another user could tamper with.
            StateDirCheck.secure(stateDir, List.of("logs", "notify"), List.of(VigilStore.FILE_NAME,
                    VigilStore.FILE_NAME + "-wal", VigilStore.FILE_NAME + "-shm", VigilStore.FILE_NAME + "-journal",
                    StateDir.SOCKET_NAME + ".lock")).forEach(n -> err.println("vigil daemon: " + n));
        } catch (UnsafePathException e) {
            err.println("vigil daemon: " + e.getMessage());
            return CANNOT_START;
        }
        TailLimits tailLimits;
        try {
            tailLimits = TailLimits.from(System.getProperties());
        } catch (IllegalArgumentException e) {
            err.println("vigil daemon: " + e.getMessage());
            return CANNOT_START;
        }
        if (runOptions != null) {
            try {
                dev.vigil.process.ChildReaper.becomeReaper();   // before the first child, so no orphan escapes
            } catch (IllegalStateException e) {
                err.println("vigil run: " + e.getMessage());
                return CANNOT_START;
            }
        }
        ContainerRun container = runOptions == null ? null
                : new ContainerRun(config, runOptions.logFormat(), runOptions.exitOnFailed(), out, err);
        StoreKeeper store;
        try {
            store = StoreKeeper.open(stateDir);
        } catch (NewerSchemaException e) {
            err.println("vigil daemon: " + e.getMessage());
            return CANNOT_START;
        }
        // A full disk must not keep services down: supervise without history, and say so once.
        store.problem().ifPresent(p -> err.println("vigil daemon: history is not being recorded (supervising anyway, "
                + "retrying): " + p));
        EventBus bus = new EventBus(ticker);
        // Never written on the supervisor's thread: a reader that stops reading must not stop supervision.
        JsonLogSink jsonLines = new JsonLogSink(line -> stdoutLines.offer(line));
        stdoutLines = AsyncLineWriter.start("vigil-stdout", out, dropped -> jsonLines.format(ticker.wallClock(),
                DaemonEvent.warn("log_lines_dropped", Map.of("stream", "stdout", "dropped", dropped))),
                Integer.getInteger(AsyncLineWriter.QUEUE_LINES_PROPERTY, AsyncLineWriter.MAX_LINES), AsyncLineWriter.MAX_CHARS);
        stderrLines = AsyncLineWriter.start("vigil-stderr", err,
                dropped -> "vigil daemon: " + dropped + " lines of stderr were dropped while it could not be written");
        StderrLogging.routeTo(stderrLines);
        bus.subscribe(jsonLines);
        AsyncEventWriter history = new AsyncEventWriter(store, AsyncEventWriter.DEFAULT_CAPACITY,
                AsyncEventWriter.Timing.DEFAULT, report -> bus.accept(RecordingEvents.of(report)), ticker);
        bus.subscribe(history::offer);
        ProcessBook book = new ProcessBook(store, java.time.Duration.ofMillis(250), AsyncEventWriter.Timing.DEFAULT,
                report -> bus.accept(RecordingEvents.of(report)), ticker);
        Retention.Policy keep = new Retention.Policy(config.daemon().eventRetention(), config.daemon().eventRetentionRows());
        Retention retention = Retention.start(store, () -> keep, ticker, java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(10),
                sweep -> bus.accept(DaemonEvent.info("events_pruned", Map.of("by_age", sweep.byAge(), "by_rows", sweep.byRows()))),
                problem -> bus.accept(DaemonEvent.warn("events_pruning_failed", Map.of("reason", problem))));
        ServiceCounters counters = new ServiceCounters(ticker);
        counters.configure(config.daemon());
        bus.subscribe((at, event) -> counters.accept(event));
        AlertDispatcher alerts = AlertDispatcher.start(config.alerts(), counters.notifications()::count, store.file(), ticker);
        bus.subscribe(alerts::accept);
        DaemonHealth health = new DaemonHealth(ticker);
        boolean exitOnFailedOption = runOptions != null && runOptions.exitOnFailed();
        health.gates(dev.vigil.metrics.HealthGates.of(config, exitOnFailedOption));

        LogJournal journal = new LogJournal(tailLimits);
        ProcessInspector inspector = ProcessInspector.system();
        DeadlineAlarms alarms = DeadlineAlarms.start(ticker);
        LiveProcesses live = new LiveProcesses(dev.vigil.process.GroupMemory.system());   // restart_on_memory
        ProbeScheduler probes = ProbeScheduler.running(Prober.standard(ticker, SearchPath.of(System.getenv("PATH")),
                alarms, inspector, live), ticker,
                health.andThen(counters::probeRoundStarted));
        NativeProcessLauncher launcher = new NativeProcessLauncher(ticker, inspector, tailLimits, bus::accept,
                container == null ? dev.vigil.process.OutputEcho.NONE : container.echo());
        Supervisor supervisor = new Supervisor(new Supervisor.Parts(
                live.tracking(new RegisteredLauncher(launcher, book, journal)),
                Scheduler.onDaemonThread(ticker), counters.counting(probes),
                counters.counting(new UnixNotifySockets(stateDir.resolve("notify"), inspector, bus::accept)),
                new ProcEvidence(inspector), bus, ticker, Jitter.random(), stateDir.resolve("logs")));

        // The switch serves the control's methods and the control tells the switch of reloads: one
        // is built first and handed to the other through this one-element holder.
        HttpSwitch[] http = new HttpSwitch[1];
        dev.vigil.consul.ConsulTtl consul = new dev.vigil.consul.ConsulTtl(ticker, new ConsulFacts(supervisor, counters, ticker),
                bus::accept);
        var currentConfig = new java.util.concurrent.atomic.AtomicReference<>(config);   // for log retention, status
        ControlHandler control = new CountingControl(new DaemonControl(supervisor, store, journal, configPath,
                ticker, loader, alerts, reloaded -> {
                    counters.configure(reloaded.daemon());
                    currentConfig.set(reloaded);
                    health.gates(dev.vigil.metrics.HealthGates.of(reloaded, exitOnFailedOption));
                    http[0].applyOnReload(reloaded.http());
                    consul.apply(reloaded.consul(), reloaded.services());
                    if (container != null) {
                        container.applied(reloaded);   // vigil run keeps its critical services from it
                    }
                }, new CgroupLimitViews(currentConfig::get, launcher.cgroups())), counters);
        MethodRegistry methods = ControlMethods.registry(control);
        http[0] = new HttpSwitch(new HttpSwitch.Parts(supervisor, methods, counters, health, stateDir, configPath), bus);
        if (container != null) {
            bus.subscribe(container.failureWatch(this::shutdownAsync));
        }
        ControlServer server;
        try {
            server = ControlServer.start(ServerOptions.defaults(StateDir.socket(stateDir, null)), methods);
        } catch (IOException e) {
            err.println("vigil daemon: " + e.getMessage());
            alerts.close();
            retention.close();
            book.close();
            history.close();
            store.close();
            probes.close();
            alarms.close();
            launcher.close();
            stdoutLines.close();
            stderrLines.close();
            if (container != null) {
                container.close();
            }
            return CANNOT_START;
        }
        // Everything below is closed in reverse order on the way out.
        closeLast.add(store);
        closeLast.add(launcher);
        closeLast.add(alarms);
        closeLast.add(history);
        closeLast.add(book);
        closeLast.add(retention);
        closeLast.add(probes);
        closeLast.add(alerts);
        closeLast.add(supervisor);
        closeLast.add(server);
        closeLast.add(http[0]);
        closeLast.add(consul);
        closeLast.add(LogRetention.start(stateDir.resolve("logs"), () -> new LogRetention.Policy(
                        currentConfig.get().services().stream().map(s -> s.name()).collect(java.util.stream.Collectors.toSet()),
                        currentConfig.get().daemon().logRetention()),
                ticker::wallClock, java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(10),
                sweep -> bus.accept(sweep.problem().isEmpty()
                        ? DaemonEvent.info("logs_pruned", Map.of("files", sweep.files(), "directories", sweep.directories()))
                        : DaemonEvent.warn("logs_pruning_failed", Map.of("files", sweep.files(), "reason", sweep.problem().get())))));

        FatalErrors.install(new FatalShutdown(supervisor, launcher, bus, stdoutLines, stderrLines), FATAL_LIMIT);

        boolean supervising = false;
        try {
            stopLeftovers(store, inspector, bus);
            supervisor.start();
            supervising = true;
            try {
                http[0].apply(config.http());
            } catch (IOException e) {
                err.println("vigil daemon: [http] " + e.getMessage());
                return CANNOT_START;
            }
            if (container != null) {
                // Closed first on the way out, after every service has stopped: reaps until then.
                closeLast.add(dev.vigil.process.ChildReaper.start(inspector, REAP_PERIOD, launcher::isLive, bus::accept));
            }
            new DaemonSignals(this::shutdownAsync, () -> reload(control, bus)).install();
            var applied = supervisor.apply(config).get(5, TimeUnit.MINUTES);
            consul.apply(config.consul(), config.services());
            health.markReady();
            bus.accept(DaemonEvent.info("daemon_started", Map.of("pid", ProcessHandle.current().pid(),
                    "config", configPath.toString(), "state_dir", stateDir.toString(),
                    "socket", server.socket().toString(), "services", applied.added().size())));
            FaultInjection.startIfAsked();
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
        String failure = container == null ? null : container.failure();
        if (failure != null) {
            stderrLines.offer("vigil run: " + failure + "; every service was stopped, exiting " + SERVICE_FAILED);
        }
        // Bounded: a stdout nobody reads must not keep the daemon from exiting.
        if (container != null) {
            container.close();
        }
        stdoutLines.close();
        stderrLines.close();
        return failure == null ? OK : SERVICE_FAILED;
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

    private void reload(ControlHandler control, EventBus bus) {
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

    /**
     * An earlier daemon that was SIGKILLed left these running: stop them before starting anew. With
     * the store unreadable (it could not be opened) there is nothing to go by: said, and skipped.
     */
    private void stopLeftovers(StoreKeeper keeper, ProcessInspector inspector, EventBus bus) {
        List<LaunchRecord> rows;
        try {
            rows = keeper.store().map(s -> s.processes().all()).orElse(List.of());
        } catch (RuntimeException e) {
            err.println("vigil daemon: cannot read what an earlier daemon left running: " + e.getMessage());
            return;
        }
        if (rows.isEmpty()) {
            return;
        }
        List<LeftoverProcesses.Outcome> outcomes = new LeftoverProcesses(inspector, ticker).stopAll(rows);
        for (LeftoverProcesses.Outcome outcome : outcomes) {
            LaunchRecord r = outcome.record();
            bus.accept(new DaemonEvent("leftover_" + outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT),
                    dev.vigil.event.Severity.WARN, Map.of("for_service", r.service(), "for_process", r.process(),
                    "pid", r.pid(), "strays", outcome.strays())));
            try {
                keeper.store().ifPresent(s -> s.processes().remove(r.instanceToken()));
            } catch (RuntimeException e) {
                // It is stopped; its row stays, and the next start finds it gone (a dead PID).
            }
        }
    }

    private void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            stderrLines.offer("vigil daemon: while closing " + closeable.getClass().getSimpleName() + ": " + e);
        }
    }

    /** Used by tests that run the daemon in-process. */
    void stop() {
        shutdownAsync();
    }

}
