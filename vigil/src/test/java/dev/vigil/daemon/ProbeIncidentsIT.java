package dev.vigil.daemon;

import static dev.vigil.daemon.DaemonHarness.fixture;
import static dev.vigil.daemon.DaemonHarness.toml;
import static dev.vigil.daemon.ProbeScenes.event;
import static dev.vigil.daemon.ProbeScenes.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.config.UnixSignal;
import dev.vigil.process.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two incidents of issue 4, reproduced against the real daemon, real fixtures and the real CLI:
 * a two-process service whose ui socket vanished while a PID lived on, and a server that accepts
 * and replies with nothing.
 */
class ProbeIncidentsIT {
    @TempDir
    Path dir;
    private DaemonHarness daemon;

    @AfterEach
    void cleanUp() throws InterruptedException {
        DaemonHarness.closeLeavingNothing(daemon);
    }

    /** A shell that runs {@code command} and then lingers: the PID outlives the server it started. */
    private static List<String> lingering(List<String> command) {
        return ProbeScenes.shell("", command, "; exec sleep 3600");
    }

    @Test
    void twoProcessServiceWhoseUiSocketDisappearsIsDegradedThenOnlyUiIsRestarted() throws Exception {
        Path server = dir.resolve("server.sock");
        Path ui = dir.resolve("ui.sock");
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [daemon]
                probe_restart_budget = 20

                [services.os]
                restart_after = 5

                [services.os.processes.server]
                command = %s

                [services.os.processes.ui]
                command = %s

                [services.os.probes.server]
                kind = "http"
                unix = "%s"
                path = "/health"
                process = "server"
                interval = "1s"
                timeout = "500ms"
                start_grace = "1s"

                [services.os.probes.ui]
                kind = "http"
                unix = "%s"
                path = "/health"
                process = "ui"
                interval = "1s"
                timeout = "500ms"
                start_grace = "1s"
                failures = 2
                """.formatted(toml(fixture("http-server", "--unix", server.toString())),
                toml(lingering(fixture("http-server", "--unix", ui.toString()))), server, ui));
        daemon = DaemonHarness.start(config, dir);
        daemon.awaitEvent(event("service_state_changed", "os", "to", "running"), seconds(60));
        Awaitility.await().atMost(seconds(30)).until(() -> Files.exists(ui) && Files.exists(server));

        long serverPid = ProbeScenes.pidOf(daemon, "os", "server");
        long uiPid = ProbeScenes.pidOf(daemon, "os", "ui");
        List<Long> uiServer = ProbeScenes.childrenOf(uiPid);
        assertThat(uiServer).as("the ui server under its shell").hasSize(1);
        int mark = daemon.eventCount();

        // The incident: the ui server dies, its socket goes with it, and the PID Vigil knows lives on.
        Signals.send(uiServer.getFirst(), UnixSignal.TERM.number());
        Awaitility.await().atMost(seconds(20)).until(() -> !Files.exists(ui));

        JsonNode failed = daemon.awaitEvent(mark, event("probe_failed", "os", "probe", "ui"), seconds(20));
        ProbeScenes.assertProbeLine(failed);
        assertThat(failed.path("reason").asText()).startsWith("connect refused (unix:" + ui + ")");
        assertThat(failed.path("kind").asText()).isEqualTo("http");

        JsonNode degraded = daemon.awaitEvent(mark, event("service_state_changed", "os", "to", "degraded"), seconds(20));
        String reason = degraded.path("reason").asText();
        assertThat(reason).startsWith("ui: connect refused (unix:" + ui + ")").endsWith("2/5");
        String row = ProbeScenes.listRow(daemon, "os").orElseThrow();
        assertThat(row).startsWith("◐ degraded").contains("ui: connect refused (unix:" + ui + ")");
        assertThat(row).containsPattern("[2-4]/5");

        JsonNode triggered = daemon.awaitEvent(mark, event("restart_triggered", "os", "process", "ui"), seconds(20));
        assertThat(triggered.path("reason").asText()).endsWith("5/5");
        JsonNode evidence = daemon.awaitEvent(mark, event("evidence_collected", "os", "process", "ui"), seconds(20));
        assertThat(evidence.path("pid").asLong()).isEqualTo(uiPid);
        assertThat(evidence.path("proc_state").asText()).isNotEmpty();
        JsonNode respawned = daemon.awaitEvent(mark, event("process_started", "os", "process", "ui"), seconds(30));
        assertThat(respawned.path("pid").asLong()).isNotEqualTo(uiPid);
        daemon.awaitEvent(daemon.events().indexOf(respawned), event("service_state_changed", "os", "to", "running"),
                seconds(30));
        assertThat(ProbeScenes.eventsSince(daemon, mark, "process_exited", "os"))
                .allSatisfy(e -> assertThat(e.path("process").asText()).isEqualTo("ui"));
        assertThat(ProbeScenes.pidOf(daemon, "os", "server")).as("server untouched").isEqualTo(serverPid);
        Awaitility.await().atMost(seconds(30)).until(() -> Files.exists(ui));

        // The plain variant: the ui process itself is killed; Vigil sees the exit and restarts ui alone.
        long newUi = ProbeScenes.pidOf(daemon, "os", "ui");
        int second = daemon.eventCount();
        Signals.send(newUi, UnixSignal.KILL.number());
        daemon.awaitEvent(second, event("process_exited", "os", "process", "ui"), seconds(20));
        JsonNode again = daemon.awaitEvent(second, event("process_started", "os", "process", "ui"), seconds(30));
        assertThat(again.path("pid").asLong()).isNotEqualTo(newUi);
        daemon.awaitEvent(daemon.events().indexOf(again), event("service_state_changed", "os", "to", "running"),
                seconds(30));
        assertThat(ProbeScenes.pidOf(daemon, "os", "server")).isEqualTo(serverPid);
        assertThat(ProbeScenes.listRow(daemon, "os").orElseThrow()).startsWith("● running");
    }

    @Test
    void emptyReplyDegradesThenRestartsWithPolicyRestartAndStaysDegradedWithWarn() throws Exception {
        Path restartSock = dir.resolve("restart.sock");
        Path warnSock = dir.resolve("warn.sock");
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [daemon]
                probe_restart_budget = 20

                [services.api-restart]
                command = %s
                on_degraded = "restart"
                restart_after = 3

                [services.api-restart.probes.health]
                kind = "http"
                unix = "%s"
                path = "/health"
                interval = "1s"
                timeout = "500ms"
                start_grace = "1s"
                failures = 2

                [services.api-warn]
                command = %s
                on_degraded = "warn"

                [services.api-warn.probes.health]
                kind = "http"
                unix = "%s"
                path = "/health"
                interval = "1s"
                timeout = "500ms"
                start_grace = "1s"
                failures = 2
                """.formatted(toml(fixture("empty-reply", "--unix", restartSock.toString())), restartSock,
                toml(fixture("empty-reply", "--unix", warnSock.toString())), warnSock));
        daemon = DaemonHarness.start(config, dir);

        // restart: degraded first (2/3), then evidence and a new instance whose counters start at zero
        JsonNode firstStart = daemon.awaitEvent(event("process_started", "api-restart"), seconds(60));
        JsonNode degraded = daemon.awaitEvent(event("service_state_changed", "api-restart", "to", "degraded"), seconds(30));
        assertThat(degraded.path("reason").asText()).contains("health: ").contains("empty reply").endsWith("2/3");
        JsonNode evidence = daemon.awaitEvent(event("evidence_collected", "api-restart"), seconds(30));
        assertThat(evidence.path("pid").asLong()).isEqualTo(firstStart.path("pid").asLong());
        assertThat(evidence.path("proc_state").asText()).matches("[RSDTZI] \\(.+\\)");
        assertThat(evidence.path("probe").asText()).isEqualTo("health");
        int afterEvidence = daemon.events().indexOf(evidence);
        JsonNode second = daemon.awaitEvent(afterEvidence, event("process_started", "api-restart"), seconds(30));
        assertThat(second.path("pid").asLong()).isNotEqualTo(firstStart.path("pid").asLong());
        JsonNode fresh = daemon.awaitEvent(daemon.events().indexOf(second), event("probe_failed", "api-restart"), seconds(30));
        assertThat(fresh.path("consecutive").asInt()).as("counters reset with the new instance").isEqualTo(1);
        long firstFreshFailure = java.time.Instant.parse(fresh.path("ts").asText()).toEpochMilli();
        long secondStarted = java.time.Instant.parse(second.path("ts").asText()).toEpochMilli();
        assertThat(firstFreshFailure - secondStarted).as("start_grace holds for the new instance").isGreaterThanOrEqualTo(900);

        // warn: degraded and left alone however long it fails
        JsonNode warnStart = daemon.awaitEvent(event("process_started", "api-warn"), seconds(30));
        daemon.awaitEvent(event("service_state_changed", "api-warn", "to", "degraded"), seconds(30));
        JsonNode sixth = daemon.awaitEvent(event("probe_failed", "api-warn", "consecutive", "6"), seconds(30));
        ProbeScenes.assertProbeLine(sixth);
        assertThat(sixth.path("threshold").asInt()).isEqualTo(2);
        assertThat(ProbeScenes.eventsSince(daemon, 0, "restart_triggered", "api-warn")).isEmpty();
        assertThat(ProbeScenes.eventsSince(daemon, 0, "process_exited", "api-warn")).isEmpty();
        assertThat(ProbeScenes.pidOf(daemon, "api-warn", "api-warn")).isEqualTo(warnStart.path("pid").asLong());
        String row = ProbeScenes.listRow(daemon, "api-warn").orElseThrow();
        assertThat(row).startsWith("◐ degraded").contains("health: ").contains("empty reply");
    }
}
