package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.process.ProcessInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil run} as PID 1 of a real PID namespace ({@code unshare --pid --fork --mount-proc},
 * util-linux, as root) and as a child subreaper: services that double-fork and orphan their
 * grandchildren leave no zombie, SIGTERM stops everything and exits 0, a crash-looping critical
 * service makes PID 1 exit 3, and service output reaches PID 1's stdout.
 *
 * <p>No unshare (not root, no user namespaces) is a failure, not a skip: this is the only test
 * of PID 1 behaviour and must not vanish silently from CI.
 */
class ContainerRunIT {
    private static final List<String> UNSHARE = List.of("unshare", "--pid", "--fork", "--mount-proc");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private DaemonHarness run;

    @BeforeAll
    static void unshareWorks() throws Exception {
        Process probe = new ProcessBuilder(List.of("unshare", "--pid", "--fork", "--mount-proc", "true"))
                .redirectErrorStream(true).start();
        String said = new String(probe.getInputStream().readAllBytes());
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue())
                .as("`unshare --pid --fork --mount-proc true` must work here (root + util-linux), said: " + said)
                .isZero();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void asPid1ItReapsEveryOrphanAndStopsOnSigterm() throws Exception {
        Path config = config("""
                [services.forker]
                command = ["/bin/sh", "%s"]
                stop_timeout = "10s"

                [services.talker]
                command = ["/bin/sh", "-c", "echo hello-from-talker; echo oops-on-stderr >&2; exec sleep infinity"]
                stop_timeout = "10s"

                # Exec probes are children of PID 1 too: their exit status must reach the prober, not the reaper.
                [services.talker.probes.exits7]
                kind = "exec"
                command = ["/bin/sh", "-c", "exit 7"]
                interval = "1s"
                timeout = "1s"
                role = "readiness"
                """.formatted(forkerScript(200)));
        run = DaemonHarness.startRun(config, dir, UNSHARE);
        ProcessHandle pid1 = innerPid1();
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid1.pid()), "status")))
                .as("vigil is PID 1 of its namespace").containsPattern("NSpid:\\s+\\d+\\s+1\\n");

        run.awaitEvent(DaemonHarness.event("orphan_adopted", "forker", Map.of()), WAIT);
        await().atMost(WAIT).until(() -> run.stdoutText().contains("forker/forker | forked 200"));
        // Every intermediate shell died at once, so every grandchild was an orphan of PID 1.
        await().atMost(WAIT).untilAsserted(() -> assertThat(zombiesInNamespaceOf(pid1.pid())).isEmpty());
        await().atMost(WAIT).untilAsserted(() -> assertThat(run.stdoutText())
                .contains("talker/talker | hello-from-talker"));
        assertThat(run.stderr()).contains("talker/talker | oops-on-stderr");
        JsonNode probeFailed = run.awaitEvent(e -> "talker".equals(e.path("service").asText())
                && e.toString().contains("exit status 7"), WAIT);
        assertThat(probeFailed.toString()).as("the probe saw its own exit status").contains("exit status 7");
        // vigil probe --local, as a HEALTHCHECK runs it (the socket is reachable from outside the namespace).
        // A generous --timeout: this machine is shared and loaded (the default is 1s).
        DaemonHarness.CliResult local = run.cli("probe", "--local", "forker", "--timeout", "20s");
        assertThat(local.exitCode()).as(local.stdout() + local.stderr()).isZero();
        assertThat(local.stdout()).isEqualTo("forker: running\n");
        assertThat(run.cli("probe", "--local", "nosuch", "--timeout", "20s").exitCode()).isEqualTo(2);

        long started = System.nanoTime();
        pid1.destroy();   // SIGTERM to PID 1 (unshare itself ignores it and only waits)
        assertThat(run.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(run.process().exitValue()).as("exit code of PID 1, through unshare").isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("within the stop timeouts").isLessThan(Duration.ofSeconds(25));
        assertThat(run.events().stream().filter(e -> "service_state_changed".equals(e.path("event").asText())
                && "stopped".equals(e.path("to").asText())).map(e -> e.path("service").asText()))
                .containsExactlyInAnyOrder("forker", "talker");
        assertThat(run.events().stream().filter(e -> "service_state_changed".equals(e.path("event").asText())
                && "stopping".equals(e.path("to").asText())).map(e -> e.path("service").asText()))
                .as("stopped in reverse of start (declaration) order").containsExactly("talker", "forker");
        assertThat(run.leftovers()).as("nothing outlives PID 1").isEmpty();
    }

    @Test
    void aCriticalServiceThatReachesFailedMakesPid1Exit3() throws Exception {
        Path config = config("""
                [services.steady]
                command = ["/bin/sleep", "infinity"]

                [services.brittle]
                command = ["/bin/sh", "-c", "echo brittle-dies; exit 7"]
                critical = true
                max_restarts = 1
                period = "1m"
                backoff = { initial = "100ms", max = "200ms" }
                """);
        run = DaemonHarness.startRun(config, dir, UNSHARE);
        assertThat(run.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("PID 1 exited by itself").isTrue();
        assertThat(run.process().exitValue()).isEqualTo(Daemon.SERVICE_FAILED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(run.stderr())
                .contains("vigil run: service brittle reached FAILED").contains("it is critical"));
        assertThat(run.stdoutText()).contains("brittle/brittle | brittle-dies");
        assertThat(run.events().stream().anyMatch(e -> "steady".equals(e.path("service").asText())
                && "stopped".equals(e.path("to").asText()))).as("the other services were stopped").isTrue();
        assertThat(run.leftovers()).isEmpty();
    }

    @Test
    void asSubreaperOrphansReparentToVigilAndAreReaped() throws Exception {
        Path config = config("""
                [services.forker]
                command = ["/bin/sh", "%s"]
                """.formatted(forkerScript(50)));
        run = DaemonHarness.startRun(config, dir, List.of(), "--log-format", "json");
        long vigil = run.process().pid();
        // orphan_adopted is only ever said of a child of Vigil: the grandchild was re-parented to it.
        JsonNode adopted = run.awaitEvent(DaemonHarness.event("orphan_adopted", "forker", Map.of()), WAIT);
        assertThat(adopted.path("killed").asBoolean()).isFalse();
        await().atMost(WAIT).until(() -> run.stdoutText().contains("\"line\":\"forked 50\""));
        await().atMost(WAIT).untilAsserted(() -> assertThat(zombieChildrenOf(vigil)).isEmpty());
        assertThat(run.terminate(WAIT)).isZero();
        assertThat(run.leftovers()).isEmpty();
    }

    @Test
    void anOrphanDoesNotOutliveTheInstanceItCameFrom() throws Exception {
        Path config = config("""
                [services.leaver]
                command = ["/bin/sh", "-c", "( setsid sleep 1000 & ); echo left; sleep 2; exit 1"]
                restart = "never"
                """);
        run = DaemonHarness.startRun(config, dir, List.of());
        JsonNode adopted = run.awaitEvent(DaemonHarness.event("orphan_adopted", "leaver", Map.of()), WAIT);
        long orphan = adopted.path("pid").asLong();
        assertThat(adopted.path("killed").asBoolean()).as("its instance still ran when adopted").isFalse();
        run.awaitEvent(DaemonHarness.event("process_exited", "leaver", Map.of()), WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
                .as("orphan " + orphan + " killed (and reaped) once its instance ended").isNotEqualTo(Optional.of(true)));
        assertThat(run.terminate(WAIT)).isZero();
        assertThat(run.leftovers()).isEmpty();
    }

    /** A service that forks {@code count} short-lived grandchildren whose parents exit at once, then waits. */
    private Path forkerScript(int count) throws IOException {
        Path script = dir.resolve("forker.sh");
        Files.writeString(script, """
                i=0
                while [ $i -lt %d ]; do
                  ( sleep 0.05 & )
                  ( setsid sleep 0.3 & )
                  i=$((i+1))
                  echo "forked $i"
                done
                exec sleep infinity
                """.formatted(count));
        return script;
    }

    private Path config(String text) throws IOException {
        Path config = dir.resolve("services.toml");
        Files.writeString(config, text);
        return config;
    }

    /** The JVM unshare forked into the new namespace: PID 1 there. */
    private ProcessHandle innerPid1() {
        await().atMost(WAIT).until(() -> run.process().toHandle().children().findAny().isPresent());
        return run.process().toHandle().children().findFirst().orElseThrow();
    }

    private static List<Long> zombiesInNamespaceOf(long pid) {
        Optional<Path> ns = pidNamespace(pid);
        ProcessInspector inspector = ProcessInspector.system();
        return inspector.pids().stream()
                .filter(p -> ns.isPresent() && ns.equals(pidNamespace(p)))
                .filter(p -> inspector.stat(p).map(s -> s.state() == 'Z').orElse(false))
                .toList();
    }

    private static List<Long> zombieChildrenOf(long parent) {
        ProcessInspector inspector = ProcessInspector.system();
        return inspector.pids().stream()
                .filter(p -> inspector.stat(p).map(s -> s.state() == 'Z' && s.ppid() == parent).orElse(false))
                .toList();
    }

    private static Optional<Path> pidNamespace(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "pid")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
