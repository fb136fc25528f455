package dev.vigil.daemon;

import static dev.vigil.daemon.DaemonHarness.fixture;
import static dev.vigil.daemon.Spine.WAIT;
import static dev.vigil.daemon.Spine.awaitState;
import static dev.vigil.daemon.Spine.service;
import static dev.vigil.daemon.Spine.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.daemon.DaemonHarness.CliResult;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's own life: killed and started again, terminated, refused to start. */
class DaemonRestartIT {
    private static final List<String> SERVICES = List.of("alpha", "beta", "forker");

    @TempDir
    Path dir;
    private DaemonHarness daemon;

    @AfterEach
    void cleanUp() throws InterruptedException {
        DaemonHarness.closeLeavingNothing(daemon);
    }

    private Path threeServices() throws java.io.IOException {
        return Spine.config(dir, service("alpha", fixture("sleeper"), "stop_timeout = \"5s\"")
                + service("beta", fixture("http-server", "--port", "0"), "stop_timeout = \"5s\"")
                + service("forker", fixture("double-fork"), "stop_timeout = \"5s\""));
    }

    private void awaitAllRunning(int from) throws InterruptedException {
        for (String name : SERVICES) {
            awaitState(daemon, from, name, "running");
        }
    }

    @Test
    void afterASigkillTheNextDaemonStopsTheLeftoversAndRunsEachServiceOnce() throws Exception {
        daemon = DaemonHarness.start(threeServices(), dir);
        awaitAllRunning(0);
        Set<Long> before = new HashSet<>();
        for (String name : SERVICES) {
            await().atMost(WAIT).until(() -> !Spine.processesOf(daemon, name).isEmpty());
            before.addAll(Spine.processesOf(daemon, name));
        }

        daemon.kill();
        assertThat(daemon.leftovers()).as("SIGKILL leaves the services running").containsAll(before);

        int cursor = daemon.eventCount();
        daemon.restart();
        JsonNode started = daemon.awaitEvent(cursor, type("daemon_started", null), WAIT);
        for (String name : List.of("alpha", "beta", "forker")) {
            daemon.awaitEvent(cursor, e -> e.path("event").asText().startsWith("leftover_")
                    && name.equals(e.path("for_service").asText()), WAIT);
        }
        awaitAllRunning(cursor);
        // The forker's grandchild lives on in the new instance too, so wait until the count settles.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(before).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThat(Spine.processesOf(daemon, "alpha")).hasSize(1);
            assertThat(Spine.processesOf(daemon, "beta")).hasSize(1);
        });
        for (String name : SERVICES) {
            assertThat(Spine.eventsSince(daemon, cursor, "process_started", name))
                    .as("%s started exactly once by the new daemon", name).hasSize(1);
        }
        assertThat(started.path("pid").asLong()).isEqualTo(daemon.process().pid());

        CliResult events = daemon.cli("events", "--limit", "1000", "--json");
        assertThat(events.exitCode()).as(events.stderr()).isZero();
        long startsRecorded = 0;
        for (JsonNode event : events.json().path("events")) {
            if (event.path("type").asText().equals("process_started")
                    && before.contains(event.path("fields").path("pid").asLong())) {
                startsRecorded++;
            }
        }
        assertThat(startsRecorded).as("the starts from before the crash are still in the history")
                .isEqualTo(SERVICES.size());

        assertThat(daemon.terminate(WAIT)).isZero();
        await().atMost(WAIT).until(() -> daemon.leftovers().isEmpty());
    }

    @Test
    void sigtermStopsEveryServiceGracefullyAndExitsZero() throws Exception {
        daemon = DaemonHarness.start(threeServices(), dir);
        awaitAllRunning(0);
        int cursor = daemon.eventCount();

        assertThat(daemon.terminate(WAIT)).as(daemon.stderr()).isZero();
        daemon.awaitEvent(cursor, type("daemon_stopped", null), WAIT);
        for (String name : SERVICES) {
            awaitState(daemon, cursor, name, "stopped");
            assertThat(Spine.eventsSince(daemon, cursor, "process_killed", name)).as("stopped within its grace")
                    .isEmpty();
        }
        await().atMost(WAIT).until(() -> daemon.leftovers().isEmpty());
    }

    @Test
    void anInvalidConfigIsRejectedWithEveryProblem() throws Exception {
        Path bad = Spine.config(dir, """
                [services.web]
                command = ["/bin/sleep", "1000"]
                restart = "sometimes"
                stop_timeout = "-1s"
                colour = "blue"
                """);
        CliResult result = CliResult.run(DaemonHarness.javaCommand("daemon", "--config", bad.toString(),
                "--state-dir", dir.resolve("state").toString()));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("3 problems").contains("services.web.restart")
                .contains("services.web.stop_timeout").contains("services.web.colour").contains("vigil.toml:3:");
    }

    @Test
    void aSecondDaemonOnTheSameStateDirExitsTwo() throws Exception {
        Path config = Spine.config(dir, service("alpha", fixture("sleeper")));
        daemon = DaemonHarness.start(config, dir);
        daemon.awaitEvent(type("daemon_started", null), WAIT);
        awaitState(daemon, 0, "alpha", "running");

        CliResult second = CliResult.run(DaemonHarness.javaCommand("daemon", "--config", config.toString(),
                "--state-dir", daemon.stateDir().toString()));
        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(second.stderr()).containsIgnoringCase("already");
        assertThat(daemon.process().isAlive()).isTrue();
        assertThat(Spine.processesOf(daemon, "alpha")).as("the second daemon started nothing").hasSize(1);
        assertThat(daemon.cli("status", "alpha").exitCode()).isZero();
    }
}
