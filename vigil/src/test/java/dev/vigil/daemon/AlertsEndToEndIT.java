package dev.vigil.daemon;

import static dev.vigil.daemon.ProbeScenes.event;
import static dev.vigil.daemon.ProbeScenes.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert notifications from the real daemon: a tcp probe against a listener the test opens and
 * closes makes a service degrade and recover; a webhook fixture receives the firing and the
 * resolved; {@code vigil notify test} goes through the same target.
 */
class AlertsEndToEndIT {
    @TempDir
    Path dir;
    private DaemonHarness daemon;
    private final JsonHookServer hook = new JsonHookServer();
    private final List<JsonNode> received = hook.received();

    @AfterEach
    void cleanUp() throws InterruptedException {
        DaemonHarness.closeLeavingNothing(daemon);
        hook.close();
    }

    @Test
    void degradedFiresAndRecoveryResolvesThroughAWebhook() throws Exception {
        String url = hook.url("/hook");
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = listener.getLocalPort();
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, AlertScenes.probedService(port,
                "[[notify]]\nname = \"hook\"\nwebhook = \"" + url + "\"\ngroup_wait = \"0s\"\n"));
        daemon = DaemonHarness.start(config, dir);
        try {
            daemon.awaitEvent(event("service_state_changed", "api", "to", "running"), seconds(60));
            assertThat(received).isEmpty();

            listener.close();
            daemon.awaitEvent(event("service_state_changed", "api", "to", "degraded"), seconds(60));
            Awaitility.await().atMost(seconds(60)).until(() -> received.size() == 1);
            JsonNode firing = received.getFirst();
            assertThat(firing.path("event").asText()).isEqualTo("firing");
            assertThat(firing.path("service").asText()).isEqualTo("api");
            assertThat(firing.path("to").asText()).isEqualTo("degraded");
            assertThat(firing.path("probe").asText()).isEqualTo("port");

            listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            daemon.awaitEvent(event("service_state_changed", "api", "to", "running"), seconds(60));
            Awaitility.await().atMost(seconds(60)).until(() -> received.size() == 2);
            JsonNode resolved = received.get(1);
            assertThat(resolved.path("event").asText()).isEqualTo("resolved");
            assertThat(resolved.path("alert_id").asText()).isEqualTo(firing.path("alert_id").asText());
            assertThat(resolved.path("ends_at").isTextual()).isTrue();

            DaemonHarness.CliResult test = daemon.cli("notify", "test", "--json");
            assertThat(test.exitCode()).as(test.stderr()).isZero();
            JsonNode result = test.json().path("results").get(0);
            assertThat(result.path("target").asText()).isEqualTo("hook");
            assertThat(result.path("ok").asBoolean()).isTrue();
            assertThat(result.path("detail").asText()).isEqualTo("HTTP 200");
            Awaitility.await().atMost(seconds(30)).until(() -> received.size() == 3);
            assertThat(received.get(2).path("service").asText()).isEqualTo("vigil-notify-test");

            DaemonHarness.CliResult unknown = daemon.cli("notify", "test", "pagr");
            assertThat(unknown.exitCode()).isNotZero();
            assertThat(unknown.stderr()).contains("no [[notify]] target named pagr").doesNotContain("Exception");
        } finally {
            listener.close();
        }
    }

    private long outboxRows() throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + daemon.stateDir().resolve("vigil.db"));
             var r = c.createStatement().executeQuery("SELECT count(*) FROM alert_outbox")) {
            return r.getLong(1);
        }
    }

    @Test
    void anAlertOpenAcrossADaemonRestartIsResolvedAfterItAndNothingIsSentTwice() throws Exception {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = listener.getLocalPort();
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, AlertScenes.probedService(port,
                "[[notify]]\nname = \"hook\"\nwebhook = \"" + hook.url("/hook") + "\"\ngroup_wait = \"0s\"\n"));
        daemon = DaemonHarness.start(config, dir);
        try {
            daemon.awaitEvent(event("service_state_changed", "api", "to", "running"), seconds(60));
            listener.close();
            Awaitility.await().atMost(seconds(60)).until(() -> received.size() == 1);
            Awaitility.await().atMost(seconds(30)).until(() -> outboxRows() == 0);
            assertThat(daemon.terminate(seconds(60))).isZero();
            assertThat(received).as("a daemon shutdown resolves nothing").hasSize(1);

            listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            int from = daemon.eventCount();
            daemon.restart();
            daemon.awaitEvent(from, event("service_state_changed", "api", "to", "running"), seconds(60));
            Awaitility.await().atMost(seconds(60)).until(() -> received.size() >= 2);
            Awaitility.await().atMost(seconds(30)).until(() -> outboxRows() == 0);
            assertThat(received).extracting(n -> n.path("event").asText()).containsExactly("firing", "resolved");
            assertThat(received.get(1).path("alert_id").asText()).isEqualTo(received.get(0).path("alert_id").asText());
        } finally {
            listener.close();
        }
    }
}
