package dev.vigil.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.process.ProcessInspector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real daemon in a child JVM ({@code java -jar vigil.jar daemon}), for end-to-end tests.
 *
 * <p>Every JSON log line the daemon prints is parsed and kept, so tests wait for the typed event
 * they expect instead of sleeping. Every process the daemon starts inherits a unique
 * {@code VIGIL_TEST_RUN} marker, so the harness can prove that nothing was left behind, and
 * clean up by PID whatever a failing test leaves.
 */
public final class DaemonHarness implements AutoCloseable {
    public static final String MARKER = "VIGIL_TEST_RUN";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path config;
    private final Path stateDir;
    private final String runId = UUID.randomUUID().toString();
    private final List<JsonNode> events = new ArrayList<>();
    private final StringBuffer stderr = new StringBuffer();
    private final StringBuffer stdoutText = new StringBuffer();
    private List<String> jvmArgs = List.of();
    /** "daemon", or "run" for {@link #startRun}. */
    private String verb = "daemon";
    /** Words before the java command (e.g. {@code unshare --pid --fork --mount-proc}). */
    private List<String> prefix = List.of();
    private List<String> extraArgs = List.of();
    private Process daemon;
    /** The current daemon's stdout reached its end: no event can arrive any more. Guarded by {@code events}. */
    private boolean stdoutDone;

    private DaemonHarness(Path config, Path stateDir) {
        this.config = config;
        this.stateDir = stateDir;
    }

    /** Starts a daemon on {@code config} with a fresh state dir under {@code workDir}. */
    public static DaemonHarness start(Path config, Path workDir) throws IOException {
        DaemonHarness harness = new DaemonHarness(config, workDir.resolve("state"));
        harness.launch();
        return harness;
    }

    /** Starts a daemon whose JVM gets {@code jvmArgs} too (e.g. a small {@code -Xmx}, a system property). */
    public static DaemonHarness start(Path config, Path workDir, List<String> jvmArgs) throws IOException {
        DaemonHarness harness = new DaemonHarness(config, workDir.resolve("state"));
        harness.jvmArgs = List.copyOf(jvmArgs);
        harness.launch();
        return harness;
    }

    /**
     * Starts {@code vigil run} on {@code config}, its command line preceded by {@code prefix}
     * (empty, or a wrapper such as {@code unshare}) and followed by {@code extraArgs}.
     */
    public static DaemonHarness startRun(Path config, Path workDir, List<String> prefix, String... extraArgs)
            throws IOException {
        DaemonHarness harness = new DaemonHarness(config, workDir.resolve("state"));
        harness.verb = "run";
        harness.prefix = List.copyOf(prefix);
        harness.extraArgs = List.of(extraArgs);
        harness.launch();
        return harness;
    }

    /** Everything the daemon printed on stdout so far, JSON or not. */
    public String stdoutText() {
        return stdoutText.toString();
    }

    /**
     * Starts reading a daemon whose stdout and stderr nobody read so far: stderr is drained, and
     * the future completes with the first stdout line containing {@code text} ("" at its end).
     */
    public static java.util.concurrent.CompletableFuture<String> firstStdoutLineContaining(Process process, String text) {
        java.util.concurrent.CompletableFuture<String> found = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
                return "";
            } catch (IOException e) {
                return "";
            }
        });
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                process.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the daemon went away
            }
        });
        return found;
    }

    /** Starts another daemon on the same config and state dir (after this one died). */
    public void restart() throws IOException {
        launch();
    }

    private void launch() throws IOException {
        Files.createDirectories(stateDir);
        List<String> command = javaCommand(verb, "--config", config.toString(), "--state-dir", stateDir.toString());
        command.addAll(1, jvmArgs);
        command.addAll(extraArgs);
        command.addAll(0, prefix);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(MARKER, runId);
        builder.environment().remove("NOTIFY_SOCKET");
        synchronized (events) {
            stdoutDone = false;
        }
        daemon = builder.start();
        Process started = daemon;
        Thread.ofPlatform().daemon().name("harness-stdout").start(() -> pump(started, true));
        Thread.ofPlatform().daemon().name("harness-stderr").start(() -> pump(started, false));
    }

    private void pump(Process process, boolean stdout) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                stdout ? process.getInputStream() : process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!stdout) {
                    stderr.append(line).append('\n');
                    continue;
                }
                stdoutText.append(line).append('\n');
                JsonNode event;
                try {
                    event = JSON.readTree(line);
                } catch (IOException notJson) {
                    continue;
                }
                synchronized (events) {
                    events.add(event);
                    events.notifyAll();
                }
            }
        } catch (IOException e) {
            // The daemon went away; tests see that through its exit.
        }
        if (stdout) {
            synchronized (events) {
                if (process == daemon) {
                    stdoutDone = true;
                }
                events.notifyAll();
            }
        }
    }

    /** The java command line for {@code vigil ARGS} (the jar failsafe built). */
    public static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", vigilJar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    public static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public static Path vigilJar() {
        return Path.of(System.getProperty("vigil.jar", "target/vigil.jar")).toAbsolutePath();
    }

    public static Path fixturesJar() {
        return Path.of(System.getProperty("vigil.fixtures.jar", "../vigil-fixtures/target/vigil-fixtures.jar"))
                .toAbsolutePath().normalize();
    }

    /** A command line that runs fixture {@code name} with {@code args}, for config files. */
    public static List<String> fixture(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-jar", fixturesJar().toString(), name));
        command.addAll(List.of(args));
        return command;
    }

    /** TOML array text for a command line (basic strings: quotes, backslashes and line breaks escaped). */
    public static String toml(List<String> command) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < command.size(); i++) {
            out.append(i == 0 ? "" : ", ").append('"')
                    .append(command.get(i).replace("\\", "\\\\").replace("\"", "\\\"")
                            .replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")).append('"');
        }
        return out.append(']').toString();
    }

    public Path stateDir() {
        return stateDir;
    }

    public Process process() {
        return daemon;
    }

    public String stderr() {
        return stderr.toString();
    }

    /** Waits for the first event (from the daemon's start) matching {@code match}. */
    public JsonNode awaitEvent(Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
        return awaitEvent(0, match, timeout);
    }

    /** Waits for an event at index >= {@code from} matching {@code match}. */
    public JsonNode awaitEvent(int from, Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            int next = from;
            while (true) {
                for (; next < events.size(); next++) {
                    if (match.test(events.get(next))) {
                        return events.get(next);
                    }
                }
                long left = deadline - System.nanoTime();
                if (stdoutDone && !daemon.isAlive() && next >= events.size()) {
                    // A dead daemon prints nothing more: fail now instead of at the timeout.
                    throw new AssertionError("the daemon exited (code " + daemon.exitValue()
                            + ") before a matching event; events:\n" + stdoutText + "\nstderr:\n" + stderr);
                }
                if (left <= 0) {
                    throw new AssertionError("no matching event within " + timeout + "; events so far:\n"
                            + stdoutText + "\nstderr:\n" + stderr);
                }
                events.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    /** How many events have been seen so far: a cursor for {@link #awaitEvent(int, Predicate, Duration)}. */
    public int eventCount() {
        synchronized (events) {
            return events.size();
        }
    }

    public List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Matches {@code {"event": type, "service": service}} plus field equalities. */
    public static Predicate<JsonNode> event(String type, String service, Map<String, String> fields) {
        return node -> type.equals(node.path("event").asText())
                && (service == null || service.equals(node.path("service").asText()))
                && fields.entrySet().stream().allMatch(f -> f.getValue().equals(node.path(f.getKey()).asText()));
    }

    /** Runs the real CLI against this daemon's state dir. */
    public CliResult cli(String... args) throws IOException, InterruptedException {
        List<String> command = javaCommand();
        command.add("--state-dir");
        command.add(stateDir.toString());
        command.addAll(List.of(args));
        return CliResult.run(command);
    }

    /** Processes still alive (not zombies) that inherited this harness's marker. */
    public List<Long> leftovers() {
        ProcessInspector inspector = ProcessInspector.system();
        long self = ProcessHandle.current().pid();
        long daemonPid = daemon == null ? -1 : daemon.pid();
        return inspector.processesWithEnvironmentEntry(MARKER, runId).stream()
                .filter(pid -> pid != self && pid != daemonPid)
                .filter(pid -> inspector.stat(pid).map(s -> s.state() != 'Z').orElse(false))
                .toList();
    }

    /** SIGTERM, and the daemon's exit code once it has stopped everything. */
    public int terminate(Duration timeout) throws InterruptedException {
        // Through the handle: Process.destroy() also closes our ends of the daemon's pipes, which
        // would lose every event it prints while stopping (and make its writes fail with EPIPE).
        daemon.toHandle().destroy();
        if (!daemon.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("daemon did not exit within " + timeout + " of SIGTERM; stderr:\n" + stderr);
        }
        return daemon.exitValue();
    }

    /** SIGKILL: the daemon gets no chance to clean up. */
    public void kill() throws InterruptedException {
        daemon.destroyForcibly();
        daemon.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
        // Whatever a failing test left behind dies here, by PID, and only if it carries our marker.
        for (long pid : leftovers()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** For @AfterEach: closes {@code daemon} (if any) and fails the test if a process it started outlived it. */
    public static void closeLeavingNothing(DaemonHarness daemon) throws InterruptedException {
        if (daemon != null) {
            daemon.close();
            org.assertj.core.api.Assertions.assertThat(daemon.leftovers()).as("processes left behind").isEmpty();
        }
    }

    /** For @AfterEach/@AfterAll: SIGTERM must stop everything and exit 0, leaving no process behind. */
    public static void terminateLeavingNothing(DaemonHarness daemon, Duration timeout) throws InterruptedException {
        if (daemon != null) {
            try {
                org.assertj.core.api.Assertions.assertThat(daemon.terminate(timeout)).as("daemon exit code").isZero();
                org.assertj.core.api.Assertions.assertThat(daemon.leftovers()).as("no process outlives the daemon").isEmpty();
            } finally {
                daemon.close();
            }
        }
    }

    /** The outcome of one CLI run. */
    public record CliResult(int exitCode, String stdout, String stderr) {
        static CliResult run(List<String> command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            String stdout;
            String errText;
            try (var o = process.getInputStream(); var e = process.getErrorStream()) {
                var errFuture = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(e));
                stdout = readAll(o);
                errText = errFuture.join();
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("CLI did not finish: " + command);
            }
            return new CliResult(process.exitValue(), stdout, errText);
        }

        private static String readAll(java.io.InputStream in) {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public JsonNode json() throws IOException {
            return JSON.readTree(stdout);
        }
    }
}
