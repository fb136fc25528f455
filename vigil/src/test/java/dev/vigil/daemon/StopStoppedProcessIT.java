package dev.vigil.daemon;

import static dev.vigil.daemon.DaemonHarness.fixture;
import static dev.vigil.daemon.ProbeScenes.event;
import static dev.vigil.daemon.ProbeScenes.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a SIGSTOPped process: the daemon sends SIGCONT right after the stop signal, so the
 * process acts on SIGTERM at once instead of being SIGKILLed after a long stop_timeout.
 */
class StopStoppedProcessIT {
    @TempDir
    Path dir;
    private DaemonHarness daemon;
    private final ProbeScenes scenes = new ProbeScenes();

    @AfterEach
    void cleanUp() throws InterruptedException {
        scenes.continueAll();
        DaemonHarness.closeLeavingNothing(daemon);
    }

    @Test
    void aStoppedProcessEndsOnTheStopSignalWithoutWaitingForTheKill() throws Exception {
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, "[services.frozen]\ncommand = " + DaemonHarness.toml(fixture("sleeper"))
                + "\nstop_timeout = \"60s\"\n");
        daemon = DaemonHarness.start(config, dir);
        daemon.awaitEvent(event("service_state_changed", "frozen", "to", "running"), seconds(60));
        long pid = ProbeScenes.pidOf(daemon, "frozen", "frozen");
        scenes.stop(pid);
        int mark = daemon.eventCount();

        assertThat(daemon.cli("stop", "frozen").exitCode()).isZero();

        // Without SIGCONT the SIGTERM stays pending until the SIGKILL 60 s later.
        JsonNode stopped = daemon.awaitEvent(mark, event("service_state_changed", "frozen", "to", "stopped"), seconds(20));
        assertThat(stopped).isNotNull();
        List<JsonNode> events = daemon.events();
        assertThat(events.subList(mark, events.size()))
                .as("ended by SIGTERM, not killed").noneMatch(event("process_killed", "frozen"));
    }
}
