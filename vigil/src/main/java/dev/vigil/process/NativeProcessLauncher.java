package dev.vigil.process;

import dev.vigil.config.ProcessSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The real launcher (Linux): every process leads its own session and process group, runs with the
 * daemon's environment plus {@code spec.env()}, plus {@code request.extraEnv()}, plus
 * {@code VIGIL_SERVICE}, {@code VIGIL_PROCESS} and a random 128-bit {@code VIGIL_INSTANCE} token,
 * with stdin on /dev/null and its stdout and stderr captured into
 * {@code request.logDir()/PROCESS.log} (see {@link RotatingLog} for the format) and an in-memory tail.
 *
 * <p>Three platform threads serve each process: one pump per output stream and one waiter that
 * reaps the leader and completes {@link RunningProcess#exit()} once both pumps reached end of file
 * (or {@code drainLimit} after the exit, when an escaped descendant keeps the pipes open).
 *
 * <p>Thread-safe.
 */
public final class NativeProcessLauncher implements ProcessLauncher {
    public static final String SERVICE_VARIABLE = "VIGIL_SERVICE";
    public static final String PROCESS_VARIABLE = "VIGIL_PROCESS";
    public static final String INSTANCE_VARIABLE = "VIGIL_INSTANCE";
    /** Small stacks: the threads only copy bytes or wait; 200 processes mean 600 of them. */
    private static final long THREAD_STACK_BYTES = 256 * 1024;

    private final Map<String, String> daemonEnv;
    private final InstantSource clock;
    private final Duration drainLimit;
    private final ProcessInspector inspector;
    private final SecureRandom random = new SecureRandom();

    /** The launcher the daemon uses: its own environment, the system clock, a 2 s drain limit. */
    public NativeProcessLauncher() {
        this(System.getenv(), InstantSource.system(), Duration.ofSeconds(2), ProcessInspector.system());
    }

    /**
     * @param daemonEnv  the environment every process starts from
     * @param clock      stamps log lines and {@code startedAt}
     * @param drainLimit how long after the leader's exit to wait for its output pipes to close
     */
    public NativeProcessLauncher(Map<String, String> daemonEnv, InstantSource clock, Duration drainLimit,
            ProcessInspector inspector) {
        this.daemonEnv = Map.copyOf(daemonEnv);
        this.clock = clock;
        this.drainLimit = drainLimit;
        this.inspector = inspector;
    }

    @Override
    public RunningProcess launch(LaunchRequest request) throws LaunchException {
        ProcessSpec spec = request.spec();
        String who = "service " + request.service() + " process " + spec.name();
        Map<String, String> env = new HashMap<>(daemonEnv);
        env.putAll(spec.env());
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
                    spec.logs().backups());
        } catch (IOException e) {
            throw new LaunchException(who + ": cannot open the log in " + request.logDir() + ": " + e.getMessage(), e);
        }
        Spawner.Spawned spawned;
        try {
            spawned = Spawner.spawn(executable, spec.command(), env, cwd);
        } catch (LaunchException e) {
            log.close();
            throw new LaunchException(who + ": " + e.getMessage(), e);
        }
        long pid = spawned.pid();
        // The child is unreaped until our waiter thread reaps it, so its stat is there to read.
        long startTicks = inspector.stat(pid).map(ProcStat::startTicks)
                .orElseThrow(() -> new IllegalStateException("pid " + pid + " vanished before it was reaped"));
        TailBuffer tail = new TailBuffer(spec.logs().tailLines());
        LaunchedProcess process = new LaunchedProcess(pid, startTicks, clock.instant(), token, tail, inspector);

        String name = request.service() + "/" + spec.name() + "#" + pid;
        Thread out = thread("vigil-out-" + name, new OutputPump(spawned.stdout(), LogLine.Stream.STDOUT, log, tail, clock));
        Thread err = thread("vigil-err-" + name, new OutputPump(spawned.stderr(), LogLine.Stream.STDERR, log, tail, clock));
        thread("vigil-wait-" + name, () -> {
            process.awaitExit(List.of(out, err), drainLimit);
            closeWhenDrained(log, out, err);
        });
        return process;
    }

    private static void closeWhenDrained(RotatingLog log, Thread out, Thread err) {
        try {
            out.join();
            err.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
    }

    private static Thread thread(String name, Runnable body) {
        return Thread.ofPlatform().name(name).daemon(true).stackSize(THREAD_STACK_BYTES).start(body);
    }

    /**
     * A command containing '/' is taken relative to {@code cwd}; a bare name is looked up on the
     * PATH the process will get, as execvp would.
     */
    static Path resolveExecutable(String who, String command, Path cwd, String path) throws LaunchException {
        if (command.contains("/")) {
            Path candidate = cwd.resolve(command).normalize();
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
            throw new LaunchException(who + ": command " + candidate + " is not an executable file");
        }
        String searchPath = path == null ? "/usr/local/bin:/usr/bin:/bin" : path;
        for (String dir : searchPath.split(File.pathSeparator)) {
            Path candidate = (dir.isEmpty() ? cwd : cwd.resolve(dir)).resolve(command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new LaunchException(who + ": command '" + command + "' not found on PATH " + searchPath);
    }
}
