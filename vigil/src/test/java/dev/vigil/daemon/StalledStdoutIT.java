package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.process.ProcessInspector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 2: a stalled reader of the daemon's stdout (and stderr) must not freeze the
 * supervisor. The daemon runs with both on pipes this test does not read until the end; a
 * crash-looping service fills the stdout pipe with event lines. With the pipe full, a SIGKILLed
 * service must still be restarted and {@code vigil list} / {@code vigil stop} must answer; once the
 * test starts reading, the daemon says how many lines it dropped.
 */
class StalledStdoutIT {
    private static final String MARKER = DaemonHarness.MARKER;

    @TempDir
    Path dir;
    private final String runId = UUID.randomUUID().toString();
    private Process daemon;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (daemon != null && daemon.isAlive()) {
            daemon.toHandle().destroyForcibly();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
        for (long pid : leftovers()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aFullStdoutPipeNeitherStopsRestartsNorHangsCommands() throws Exception {
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, EndToEnd.shService("crasher", "sleep 0.1; exit 3",
                        "max_restarts = 10000", "period = \"1s\"",
                        "[services.crasher.backoff]", "initial = \"10ms\"", "max = \"20ms\"")
                + EndToEnd.sleeper("victim"));
        Path stateDir = dir.resolve("state");
        List<String> command = DaemonHarness.javaCommand("daemon", "--config", config.toString(), "--state-dir", stateDir.toString());
        command.add(1, "-Dvigil.stdout_queue_lines=50");   // drops come soon, not after 10,000 queued lines
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(MARKER, runId);
        builder.environment().remove("NOTIFY_SOCKET");
        daemon = builder.start();   // neither stdout nor stderr is read until the end

        // A pipe holds 64 KiB: wait until the daemon's event lines have filled it.
        await("stdout pipe full").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> daemon.getInputStream().available() >= 60_000);
        long victim = awaitPid(stateDir, "victim", -1);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();

        long restarted = awaitPid(stateDir, "victim", victim);
        assertThat(restarted).isNotEqualTo(victim);
        assertThat(ProcessHandle.of(restarted).map(ProcessHandle::isAlive)).contains(true);

        long started = System.nanoTime();
        DaemonHarness.CliResult stop = cli(stateDir, "stop", "victim");
        assertThat(stop.exitCode()).as(stop.stdout() + stop.stderr()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("stop answered promptly").isLessThan(Duration.ofSeconds(30));
        await("victim stopped").atMost(Duration.ofSeconds(30)).until(() -> states(stateDir).get("victim").equals("stopped"));
        assertThat(daemon.isAlive()).isTrue();

        // Reading again: the writer recovers and says how many lines it could not write.
        CompletableFuture<String> dropped = DaemonHarness.firstStdoutLineContaining(daemon, "\"event\":\"log_lines_dropped\"");
        String line = dropped.get(60, TimeUnit.SECONDS);
        assertThat(line).contains("\"dropped\":");
        assertThat(Long.parseLong(line.replaceAll(".*\"dropped\":(\\d+).*", "$1"))).isPositive();

        daemon.toHandle().destroy();
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("SIGTERM stops the daemon").isTrue();
        assertThat(daemon.exitValue()).isZero();
        assertThat(leftovers()).isEmpty();
    }

    /** The pid of the service's only process once it is not {@code not}, polled through the CLI. */
    private long awaitPid(Path stateDir, String service, long not) {
        long[] pid = {-1};
        await(service + " running as a pid other than " + not).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    DaemonHarness.CliResult list = cli(stateDir, "list", "--json");
                    if (list.exitCode() != 0) {
                        return false;
                    }
                    for (var s : list.json().get("services")) {
                        if (s.get("name").asText().equals(service) && s.get("state").asText().equals("running")
                                && s.get("pids").size() == 1 && s.get("pids").get(0).asLong() != not) {
                            pid[0] = s.get("pids").get(0).asLong();
                            return true;
                        }
                    }
                    return false;
                });
        return pid[0];
    }

    private Map<String, String> states(Path stateDir) throws Exception {
        DaemonHarness.CliResult list = cli(stateDir, "list", "--json");
        Map<String, String> states = new java.util.HashMap<>();
        list.json().get("services").forEach(s -> states.put(s.get("name").asText(), s.get("state").asText()));
        return states;
    }

    private static DaemonHarness.CliResult cli(Path stateDir, String... args) throws Exception {
        List<String> command = DaemonHarness.javaCommand("--state-dir", stateDir.toString());
        command.addAll(List.of(args));
        return DaemonHarness.CliResult.run(command);
    }

    private List<Long> leftovers() {
        ProcessInspector inspector = ProcessInspector.system();
        long self = ProcessHandle.current().pid();
        long daemonPid = daemon == null ? -1 : daemon.pid();
        return inspector.processesWithEnvironmentEntry(MARKER, runId).stream()
                .filter(pid -> pid != self && pid != daemonPid)
                .filter(pid -> inspector.stat(pid).map(s -> s.state() != 'Z').orElse(false))
                .toList();
    }
}
