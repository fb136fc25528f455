package dev.vigil.daemon;

import static dev.vigil.daemon.DaemonHarness.fixture;
import static dev.vigil.daemon.ProbeScenes.event;
import static dev.vigil.daemon.ProbeScenes.httpOver;
import static dev.vigil.daemon.ProbeScenes.seconds;
import static dev.vigil.daemon.ProbeScenes.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storm guard with the real daemon: three failing services, a budget of one probe restart a minute. */
class ProbeStormIT {
    @TempDir
    Path dir;
    private DaemonHarness daemon;

    @AfterEach
    void cleanUp() throws InterruptedException {
        DaemonHarness.closeLeavingNothing(daemon);
    }

    @Test
    void pastTheDaemonWideBudgetServicesStayDegradedInsteadOfRestarting() throws Exception {
        StringBuilder config = new StringBuilder("[daemon]\nprobe_restart_budget = 1\nprobe_restart_period = \"1m\"\n\n");
        List<String> names = List.of("storm-a", "storm-b", "storm-c");
        for (String name : names) {
            Path sock = dir.resolve(name + ".sock");
            config.append(service(name, fixture("empty-reply", "--unix", sock.toString()),
                    "on_degraded = \"restart\"\nrestart_after = 2", "health", httpOver(sock, """
                            interval = "1s"
                            timeout = "400ms"
                            start_grace = "1s"
                            failures = 2
                            """)));
        }
        Path file = dir.resolve("vigil.toml");
        Files.writeString(file, config.toString());
        daemon = DaemonHarness.start(file, dir);

        JsonNode first = daemon.awaitEvent(event("restart_triggered", null), seconds(60));
        for (String name : names) {
            if (name.equals(first.path("service").asText())) {
                continue;
            }
            JsonNode denied = daemon.awaitEvent(event("restart_budget_exhausted", name), seconds(30));
            assertThat(denied.path("budget").asInt()).isEqualTo(1);
            JsonNode degraded = daemon.awaitEvent(
                    node -> "service_state_changed".equals(node.path("event").asText())
                            && name.equals(node.path("service").asText())
                            && node.path("reason").asText().startsWith("restart budget exhausted: health: "),
                    seconds(30));
            assertThat(degraded.path("to").asText()).isEqualTo("degraded");
            assertThat(ProbeScenes.listRow(daemon, name).orElseThrow()).startsWith("◐ degraded")
                    .contains("restart budget exhausted");
        }
        // The restarted one fails again after its grace; the budget holds it too.
        String lucky = first.path("service").asText();
        daemon.awaitEvent(daemon.events().indexOf(first), event("restart_budget_exhausted", lucky), seconds(30));
        List<JsonNode> restarts = daemon.events().stream().filter(event("restart_triggered", null)).toList();
        assertThat(restarts).as("one restart in the whole daemon within the minute").hasSize(1);
    }
}
