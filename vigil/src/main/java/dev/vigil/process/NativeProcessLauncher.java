package dev.vigil.process;

import dev.vigil.config.ProcessSpec;
import dev.vigil.config.UnixSignal;
import dev.vigil.event.VigilEvent;
import dev.vigil.files.SearchPath;
import dev.vigil.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The real launcher (Linux): every process leads its own session and process group, runs with the
 * daemon's environment plus {@code spec.env()}, plus {@code request.extraEnv()}, plus
 * {@code VIGIL_SERVICE}, {@code VIGIL_PROCESS} and a random 128-bit {@code VIGIL_INSTANCE} token,
 * with stdin on /dev/null and its stdout and stderr captured into
 * {@code request.logDir()/PROCESS.log} (see {@link RotatingLog} for the format) and an in-memory tail.
 *
 * <p>No thread per process: one {@link CaptureLoop} thread (epoll) reads every process's output
 * pipes and reaps each leader when its pidfd turns readable, and completes
 * {@link RunningProcess#exit()} once both pipes reached end of file (or {@code drainLimit} after
 * the exit, when an escaped descendant keeps the pipes open). Where {@code pidfd_open(2)} is
 * unavailable (Linux before 5.3, glibc before 2.36) each process gets a waiter thread instead
 * ({@link ExitWatch#WAITER_THREAD}); output capture stays on the loop either way.
 *
 * <p>Thread-safe.
 */
public final class NativeProcessLauncher implements ProcessLauncher, AutoCloseable {
    public static final String SERVICE_VARIABLE = "VIGIL_SERVICE";
    public static final String PROCESS_VARIABLE = "VIGIL_PROCESS";
    public static final String INSTANCE_VARIABLE = "VIGIL_INSTANCE";
    private static final System.Logger LOG = System.getLogger(NativeProcessLauncher.class.getName());
    /** Small stacks for the fallback waiter threads: they only wait. */
    private static final long THREAD_STACK_BYTES = 256 * 1024;

    /** How the exit of a leader is observed. */
    enum ExitWatch {
        /** Its pidfd in the {@link CaptureLoop}'s epoll set: no thread per process. */
        PIDFD,
        /** A platform thread per process blocked in waitid (kernels or libcs without pidfd_open). */
        WAITER_THREAD;

        /** PIDFD if this system can open a pidfd (tried on this very JVM), else WAITER_THREAD. */
        static ExitWatch best() {
            int fd = Libc.pidfdOpen(ProcessHandle.current().pid());
            if (fd < 0) {
                LOG.log(System.Logger.Level.INFO, "pidfd_open unavailable ({0}): one waiter thread per process",
                        Libc.strerror(Libc.errno()));
                return WAITER_THREAD;
            }
            Libc.close(fd);
            return PIDFD;
        }
    }

    private final Map<String, String> daemonEnv;
    private final Ticker ticker;
    private final Duration drainLimit;
    private final ProcessInspector inspector;
    private final TokenSweep sweep;
    private final ExitWatch exitWatch;
    /** This launcher's own capture thread; {@link #close} ends it. */
    private final CaptureLoop loop;
    /** Decided once: whether memory_max and cpu_max can be enforced here. */
    private final Cgroups.Availability cgroups = Cgroups.detect();
    /** Resolved once: the helpers that apply user, group, umask and limits (see {@link ExecHelpers}). */
    private final ExecHelpers execHelpers = ExecHelpers.system();
    private final SecureRandom random = new SecureRandom();
    private final TailLimits tailLimits;
    private final TailBudget tailBudget;
    private final Consumer<? super VigilEvent> events;
    private final OutputEcho echo;
    /** Processes whose exit has not completed yet: what {@link #stopEverything} stops. */
    private final Set<LaunchedProcess> live = ConcurrentHashMap.newKeySet();
    /** Tokens of launches under way, from before the spawn until the process is in {@link #live}. */
    private final Set<String> launching = ConcurrentHashMap.newKeySet();

    /** For tests: this process's environment, the real clocks and /proc, a 2 s drain limit. */
    public NativeProcessLauncher() {
        this(System.getenv(), Ticker.system(), Duration.ofSeconds(2), ProcessInspector.system());
    }

    /**
     * The daemon's launcher: its own environment, a 2 s drain limit, its tail limits; {@code events}
     * hears of log-file problems ({@link LogFileEvent}), on the capture thread (must not block);
     * every output line is also copied to {@code echo}.
     *
     * @param ticker must be {@link Ticker#system()} in use: the capture thread sleeps on real time
     */
    public NativeProcessLauncher(Ticker ticker, ProcessInspector inspector, TailLimits tailLimits,
            Consumer<? super VigilEvent> events, OutputEcho echo) {
        this(System.getenv(), ticker, Duration.ofSeconds(2), inspector, ExitWatch.best(), tailLimits, events, echo);
    }

    /**
     * @param daemonEnv  the environment every process starts from
     * @param ticker     stamps log lines and {@code startedAt}, counts drain limits and sweeps
     * @param drainLimit how long after the leader's exit to wait for its output pipes to close
     */
    public NativeProcessLauncher(Map<String, String> daemonEnv, Ticker ticker, Duration drainLimit,
            ProcessInspector inspector) {
        this(daemonEnv, ticker, drainLimit, inspector, ExitWatch.best());
    }

    /** With a chosen {@link ExitWatch}: tests use it to exercise the waiter-thread path. */
    NativeProcessLauncher(Map<String, String> daemonEnv, Ticker ticker, Duration drainLimit,
            ProcessInspector inspector, ExitWatch exitWatch) {
        this(daemonEnv, ticker, drainLimit, inspector, exitWatch, TailLimits.defaults(), event -> { }, OutputEcho.NONE);
    }

    NativeProcessLauncher(Map<String, String> daemonEnv, Ticker ticker, Duration drainLimit,
            ProcessInspector inspector, ExitWatch exitWatch, TailLimits tailLimits, Consumer<? super VigilEvent> events,
            OutputEcho echo) {
        this.echo = echo;
        this.tailLimits = tailLimits;
        this.tailBudget = new TailBudget(tailLimits.totalBytes());
        this.events = events;
        this.daemonEnv = Map.copyOf(daemonEnv);
        this.ticker = ticker;
        this.drainLimit = drainLimit;
        this.inspector = inspector;
        this.sweep = new TokenSweep(inspector, ProcPoll.sleeping(ticker));
        this.exitWatch = exitWatch;
        this.loop = new CaptureLoop("vigil-capture", ticker);
    }

    /** The test launcher but for how exits are observed. */
    static NativeProcessLauncher withExitWatch(ExitWatch exitWatch) {
        return new NativeProcessLauncher(System.getenv(), Ticker.system(), Duration.ofSeconds(2),
                ProcessInspector.system(), exitWatch);
    }

    /**
     * Ends this launcher's capture thread. For after every process it started has exited (the
     * daemon closes it last): the exits of processes still running would never complete.
     */
    @Override
    public void close() {
        loop.close();
    }

    @Override
    public RunningProcess launch(LaunchRequest request) throws LaunchException {
        ProcessSpec spec = request.spec();
        String who = "service " + request.service() + " process " + spec.name();
        Map<String, String> env = LaunchEnvironment.of(daemonEnv, spec);
        env.putAll(request.extraEnv());
        env.put(SERVICE_VARIABLE, request.service());
        env.put(PROCESS_VARIABLE, spec.name());
        byte[] tokenBytes = new byte[16];
        random.nextBytes(tokenBytes);
        String token = HexFormat.of().formatHex(tokenBytes);
        env.put(INSTANCE_VARIABLE, token);

        Path cwd = spec.cwd().orElse(Path.of("").toAbsolutePath());
        if (!Files.isDirectory(cwd)) {
            throw new LaunchException(who + ": working directory " + cwd + " does not exist or is not a directory");
        }
        Path executable = resolveExecutable(who, spec.command().getFirst(), cwd, env.get("PATH"));

        RotatingLog log;
        try {
            log = new RotatingLog(request.logDir().resolve(spec.name() + ".log"), spec.logs().maxBytes(),
                    spec.logs().backups(), problemsOf(request.service(), spec.name()), ticker::nanoTime);
        } catch (IOException e) {
            throw new LaunchException(who + ": cannot open the log in " + request.logDir() + ": " + e.getMessage(), e);
        }
        // Before the spawn: an orphan of this instance may reach the ChildReaper before launch returns.
        launching.add(token);
        try {
            return launch(request, spec, who, env, token, cwd, executable, log);
        } finally {
            launching.remove(token);
        }
    }

    private RunningProcess launch(LaunchRequest request, ProcessSpec spec, String who, Map<String, String> env,
            String token, Path cwd, Path executable, RotatingLog log) throws LaunchException {
        Spawner.Spawned spawned;
        java.util.Optional<ProcessCgroup> cgroup = java.util.Optional.empty();
        try {
            cgroup = cgroupFor(who, request);
            ExecHelpers.Chain chain = execHelpers.wrap(executable, spec.command(), spec.controls(),
                    cgroup.map(ProcessCgroup::procs));
            spawned = OwnChildren.spawn(() -> Spawner.spawn(chain.executable(), chain.argv(), env, cwd), Spawner.Spawned::pid);
        } catch (LaunchException e) {
            cgroup.ifPresent(ProcessCgroup::removeIfEmpty);
            log.close();
            throw new LaunchException(who + ": " + e.getMessage(), e);
        }
        long pid = spawned.pid();
        // The child is unreaped until we reap it, so its stat is there to read.
        long startTicks = inspector.stat(pid).map(ProcStat::startTicks)
                .orElseThrow(() -> new IllegalStateException("pid " + pid + " vanished before it was reaped"));
        TailBuffer tail = new TailBuffer(spec.logs().tailLines(), tailLimits.perProcessBytes(), tailBudget);
        LaunchedProcess process = new LaunchedProcess(pid, startTicks, ticker.wallClock(), token, tail, inspector, sweep);
        cgroup.ifPresent(process::useCgroup);
        live.add(process);
        process.exit().whenComplete((status, failure) -> live.remove(process));

        int pidfd = exitWatch == ExitWatch.PIDFD ? Libc.pidfdOpen(pid) : -1;
        if (exitWatch == ExitWatch.PIDFD && pidfd < 0) {
            LOG.log(System.Logger.Level.WARNING, "{0}: pidfd_open({1}) failed ({2}); a waiter thread observes its exit",
                    who, pid, Libc.strerror(Libc.errno()));
        }
        ProcessCapture capture = new ProcessCapture(process, log, drainLimit,
                spawned.stdoutFd(), new LineCapture(LogLine.Stream.STDOUT, log, tail, ticker::wallClock,
                        echoOf(request.service(), spec.name(), LogLine.Stream.STDOUT)),
                spawned.stderrFd(), new LineCapture(LogLine.Stream.STDERR, log, tail, ticker::wallClock,
                        echoOf(request.service(), spec.name(), LogLine.Stream.STDERR)), pidfd);
        loop.watch(capture);
        if (pidfd < 0) {
            String name = request.service() + "/" + spec.name() + "#" + pid;
            Thread.ofPlatform().name("vigil-wait-" + name).daemon(true).stackSize(THREAD_STACK_BYTES).start(() -> {
                try {
                    process.waitUntilExited();
                    loop.reapedElsewhere(capture, process.reap(-1).orElseThrow(), null);
                } catch (RuntimeException e) {
                    loop.reapedElsewhere(capture, null, e);
                }
            });
        }
        return process;
    }

    /** The process's own cgroup when it asks for cgroup limits and this machine allows them. */
    private java.util.Optional<ProcessCgroup> cgroupFor(String who, LaunchRequest request) throws LaunchException {
        var controls = request.spec().controls();
        if (!controls.wantsCgroup()) {
            return java.util.Optional.empty();
        }
        return switch (cgroups) {
            case Cgroups.Availability.Available a -> java.util.Optional.of(ProcessCgroup.create(a,
                    request.service(), request.spec().name(), controls.memoryMax(), controls.cpuMaxPercent()));
            case Cgroups.Availability.Unavailable u -> {
                LOG.log(System.Logger.Level.WARNING, "{0}: memory_max/cpu_max NOT enforced: {1}", who, u.reason());
                yield java.util.Optional.empty();
            }
        };
    }

    /** Whether cgroup limits are enforced by this launcher, and if not why. */
    public Cgroups.Availability cgroups() {
        return cgroups;
    }

    /** True while a process this launcher started with instance token {@code token} has not exited. */
    public boolean isLive(String token) {
        if (launching.contains(token)) {
            return true;
        }
        for (LaunchedProcess process : live) {
            if (process.instanceToken().filter(token::equals).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Last resort when the daemon cannot go on (a fatal error): sends SIGTERM (and SIGCONT) to the
     * group of every process this launcher started that has not exited, waits up to {@code grace}
     * for them, then kills what is left of each, escaped descendants included. Does not need the
     * supervisor's thread. Best effort: a failure with one process does not spare the others.
     *
     * @return how many processes were still running when called
     */
    public int stopEverything(Duration grace) {
        List<LaunchedProcess> running = List.copyOf(live);
        for (LaunchedProcess process : running) {
            try {
                process.signalGroup(UnixSignal.TERM);
                process.signalGroup(UnixSignal.CONT);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "pid {0}: cannot signal its group: {1}", process.pid(), e.toString());
            }
        }
        // The real clock, not the ticker: this bounds real blocking waits (Future.get) on the fatal-error path.
        long deadline = System.nanoTime() + grace.toNanos();
        for (LaunchedProcess process : running) {
            try {
                process.exit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // still running (or its exit failed): killed below either way
            }
        }
        for (LaunchedProcess process : running) {
            try {
                process.killAll();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "pid {0}: cannot kill what is left of it: {1}", process.pid(), e.toString());
            }
        }
        return running.size();
    }

    private java.util.function.BiConsumer<java.time.Instant, String> echoOf(String service, String process,
            LogLine.Stream stream) {
        return echo == OutputEcho.NONE ? null : (at, line) -> echo.line(service, process, stream, at, line);
    }

    private LogFileProblems problemsOf(String service, String process) {
        return new LogFileProblems() {
            @Override
            public void failed(Path file, IOException error) {
                events.accept(new LogFileEvent.LogWriteFailed(service, process, file.toString(), String.valueOf(error.getMessage())));
            }

            @Override
            public void resumed(Path file, long lostLines, long lostBytes, Duration failedFor) {
                events.accept(new LogFileEvent.LogWriteResumed(service, process, file.toString(), lostLines, lostBytes,
                        failedFor.toMillis()));
            }
        };
    }

    /**
     * A command containing '/' is taken relative to {@code cwd}; a bare name is looked up on the
     * PATH the process will get, as execvp would.
     */
    static Path resolveExecutable(String who, String command, Path cwd, String path) throws LaunchException {
        SearchPath searchPath = SearchPath.of(path);
        Optional<Path> found = searchPath.find(command, cwd);
        if (found.isPresent()) {
            return found.get();
        }
        throw new LaunchException(command.contains("/")
                ? who + ": command " + cwd.resolve(command).normalize() + " is not an executable file"
                : who + ": command '" + command + "' not found on PATH " + searchPath.text());
    }
}
