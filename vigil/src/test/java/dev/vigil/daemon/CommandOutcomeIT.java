package dev.vigil.daemon;

import static dev.vigil.daemon.DaemonHarness.fixture;
import static dev.vigil.daemon.Spine.WAIT;
import static dev.vigil.daemon.Spine.awaitState;
import static dev.vigil.daemon.Spine.service;
import static dev.vigil.daemon.Spine.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 3: a stop overtaken by a start. The service ignores SIGTERM, so its stop lasts its
 * whole stop_timeout; a start sent meanwhile turns the stop into a restart, and the service never
 * reaches STOPPED. The stop must be answered "superseded by start" at once (before the kill), not
 * after a wait for a state that never comes; the start waits for its own outcome (running).
 */
class CommandOutcomeIT {
    @TempDir
    Path dir;
    private DaemonHarness daemon;
    private Process stopCli;
    private Process startCli;

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process cli : new Process[] {stopCli, startCli}) {
            if (cli != null && cli.isAlive()) {
                cli.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        DaemonHarness.closeLeavingNothing(daemon);
    }

    @Test
    void aStopOvertakenByAStartIsAnsweredAtOnceAndTheStartWaitsForItsOwnOutcome() throws Exception {
        daemon = DaemonHarness.start(Spine.config(dir,
                service("stubborn", fixture("ignore-term"), "stop_timeout = \"20s\"")), dir);
        awaitState(daemon, 0, "stubborn", "running");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> daemon.cli("logs", "stubborn", "-n", "5").stdout().contains("ready"));

        int cursor = daemon.eventCount();
        stopCli = cliInBackground("stop", "stubborn");
        awaitState(daemon, cursor, "stubborn", "stopping");
        startCli = cliInBackground("start", "stubborn");

        assertThat(stopCli.waitFor(60, TimeUnit.SECONDS)).as("the stop answered").isTrue();
        assertThat(Spine.eventsSince(daemon, cursor, "process_killed", "stubborn"))
                .as("answered before the stop_timeout ran out (it did not wait for the kill)").isEmpty();
        String stopOut = output(stopCli);
        assertThat(stopCli.exitValue()).as(stopOut).isEqualTo(1);
        assertThat(stopOut).contains("stop superseded by start");

        // The start's own outcome: the old process is killed after its grace, a new one runs.
        daemon.awaitEvent(cursor, type("process_killed", "stubborn"), WAIT);
        assertThat(startCli.waitFor(90, TimeUnit.SECONDS)).as("the start answered").isTrue();
        String startOut = output(startCli);
        assertThat(startCli.exitValue()).as(startOut).isZero();
        assertThat(startOut).contains("started, now ● running");
    }

    /**
     * The same with several services stopped at once (dependents first): the overtaken member is
     * answered "superseded by start" (after the stop of the rest ended, not after the 5-minute
     * bound), the other one "stopped".
     */
    @Test
    void aStopOfSeveralOvertakenByAStartOfOneSaysSoForThatOne() throws Exception {
        daemon = DaemonHarness.start(Spine.config(dir,
                service("stubborn", fixture("ignore-term"), "stop_timeout = \"10s\"")
                        + service("calm", fixture("sleeper"), "stop_timeout = \"10s\"")), dir);
        awaitState(daemon, 0, "stubborn", "running");
        awaitState(daemon, 0, "calm", "running");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> daemon.cli("logs", "stubborn", "-n", "5").stdout().contains("ready"));

        int cursor = daemon.eventCount();
        stopCli = cliInBackground("stop", "--all");
        awaitState(daemon, cursor, "stubborn", "stopping");
        startCli = cliInBackground("start", "stubborn");

        assertThat(stopCli.waitFor(90, TimeUnit.SECONDS)).as("the stop answered").isTrue();
        String stopOut = output(stopCli);
        assertThat(stopCli.exitValue()).as(stopOut).isEqualTo(1);
        assertThat(stopOut).containsPattern("FAILED +stubborn .*stop superseded by start, now ");
        assertThat(stopOut).containsPattern("ok +calm +○ stopped +stopped, now ○ stopped");
        assertThat(startCli.waitFor(90, TimeUnit.SECONDS)).as("the start answered").isTrue();
        String startOut = output(startCli);
        assertThat(startCli.exitValue()).as(startOut).isZero();
        assertThat(startOut).contains("started, now ● running");
    }

    /**
     * Issue 9 item 12: a stop answers only when nothing of the service runs. The double-fork
     * fixture leaves a {@code setsid sleep} outside its group; the stop completes after the sweep
     * has killed it, so the moment the CLI returns nothing marked by this test is alive.
     */
    @Test
    void aStopAnswersOnlyOnceTheEscapedGrandchildIsDead() throws Exception {
        daemon = DaemonHarness.start(Spine.config(dir,
                service("df", fixture("double-fork"), "stop_timeout = \"5s\"")), dir);
        long leader = daemon.awaitEvent(type("process_started", "df"), WAIT).path("pid").asLong();
        await().atMost(WAIT).until(() -> Spine.processesOf(daemon, "df").stream().anyMatch(pid -> pid != leader
                && ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("").endsWith("sleep")));

        DaemonHarness.CliResult stop = daemon.cli("stop", "df");

        assertThat(daemon.leftovers()).as("nothing of df runs when the stop answers").isEmpty();
        assertThat(stop.exitCode()).as(stop.stdout() + stop.stderr()).isZero();
        assertThat(stop.stdout()).contains("stopped, now ○ stopped");
    }

    private Process cliInBackground(String... args) throws IOException {
        List<String> command = DaemonHarness.javaCommand();
        command.add("--state-dir");
        command.add(daemon.stateDir().toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String output(Process cli) throws IOException {
        return new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
