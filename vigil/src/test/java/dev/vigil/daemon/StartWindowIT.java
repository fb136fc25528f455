package dev.vigil.daemon;

import static dev.vigil.daemon.DaemonHarness.fixture;
import static dev.vigil.daemon.ProbeScenes.httpOver;
import static dev.vigil.daemon.Spine.WAIT;
import static dev.vigil.daemon.Spine.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 13b: a service that binds its port ~1.5 s after it starts, with a liveness probe
 * that restarts after 2 failures. The first rounds run before it listens; they are reported but
 * not counted (the start window), so it is not restarted over and over: it comes up once.
 */
class StartWindowIT {
    @TempDir
    Path dir;
    private DaemonHarness daemon;

    @AfterEach
    void cleanUp() throws InterruptedException {
        DaemonHarness.closeLeavingNothing(daemon);
    }

    @Test
    void aServiceThatBindsLateIsNotRestartedForItsFirstRounds() throws Exception {
        Path socket = dir.resolve("late.sock");
        String config = ProbeScenes.service("late",
                ProbeScenes.shell("sleep 1.5; exec", fixture("http-server", "--unix", socket.toString()), ""),
                "restart_after = 2", "health",
                httpOver(socket, "interval = \"1s\"\ntimeout = \"500ms\"\nfailures = 2\n"));
        daemon = DaemonHarness.start(Spine.config(dir, config), dir);
        awaitState(daemon, 0, "late", "running");

        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> daemon.cli("status", "late", "--json")
                .json().path("probes").get(0).path("consecutive_successes").asInt() >= 1);

        assertThat(Spine.eventsSince(daemon, 0, "restart_triggered", "late")).isEmpty();
        assertThat(Spine.eventsSince(daemon, 0, "probe_failed", "late")).isEmpty();
        assertThat(Spine.eventsSince(daemon, 0, "process_started", "late")).as("started once").hasSize(1);
    }
}
