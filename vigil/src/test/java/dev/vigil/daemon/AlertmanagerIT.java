package dev.vigil.daemon;

import static dev.vigil.daemon.ProbeScenes.event;
import static dev.vigil.daemon.ProbeScenes.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager (Debian prometheus-alertmanager, on a free loopback port, clustering off)
 * as a [[notify]] target with format = "alertmanager": a degraded service is an active alert in
 * its API and reaches its webhook receiver; recovery resolves it there too.
 */
class AlertmanagerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    private DaemonHarness daemon;
    private Process alertmanager;
    private final JsonHookServer receiver = new JsonHookServer();

    @AfterEach
    void cleanUp() throws InterruptedException {
        DaemonHarness.closeLeavingNothing(daemon);
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(30, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
        }
        receiver.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean ready(String base) {
        try {
            return get(base + "/-/ready").statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static JsonNode activeAlerts(String base) throws IOException, InterruptedException {
        return JSON.readTree(get(base + "/api/v2/alerts?filter=service%3D%22api%22").body());
    }

    @Test
    void degradedIsAnActiveAlertThatReachesTheReceiverAndRecoveryResolvesIt() throws Exception {
        int amPort = freePort();
        String am = "http://127.0.0.1:" + amPort;
        Path amConfig = dir.resolve("alertmanager.yml");
        Files.writeString(amConfig, """
                route:
                  receiver: fixture
                  group_by: [service]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: fixture
                    webhook_configs:
                      - url: "%s"
                        send_resolved: true
                """.formatted(receiver.url("/am")));
        Files.createDirectories(dir.resolve("am-data"));
        alertmanager = new ProcessBuilder("prometheus-alertmanager", "--config.file=" + amConfig,
                "--storage.path=" + dir.resolve("am-data"), "--web.listen-address=127.0.0.1:" + amPort,
                "--cluster.listen-address=").redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        Awaitility.await().atMost(seconds(60)).until(() -> ready(am));

        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = listener.getLocalPort();
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, AlertScenes.probedService(port,
                "[[notify]]\nname = \"am\"\nwebhook = \"" + am + "\"\nformat = \"alertmanager\"\ngroup_wait = \"0s\"\n"));
        daemon = DaemonHarness.start(config, dir);
        try {
            daemon.awaitEvent(event("service_state_changed", "api", "to", "running"), seconds(60));
            listener.close();
            daemon.awaitEvent(event("service_state_changed", "api", "to", "degraded"), seconds(60));

            Awaitility.await().atMost(seconds(60)).until(() -> activeAlerts(am).size() == 1);
            JsonNode alert = activeAlerts(am).get(0);
            assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("VigilServiceUnhealthy");
            assertThat(alert.path("labels").path("probe").asText()).isEqualTo("port");
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warn");
            assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
            assertThat(alert.path("generatorURL").asText()).startsWith("vigil://").endsWith("/services/api");

            Awaitility.await().atMost(seconds(60)).until(() -> receiver.received().stream()
                    .anyMatch(n -> n.path("status").asText().equals("firing")));

            listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            daemon.awaitEvent(event("service_state_changed", "api", "to", "running"), seconds(60));
            Awaitility.await().atMost(seconds(60)).until(() -> receiver.received().stream()
                    .anyMatch(n -> n.path("status").asText().equals("resolved")
                            && n.path("alerts").get(0).path("labels").path("service").asText().equals("api")));
            assertThat(activeAlerts(am)).isEmpty();
        } finally {
            listener.close();
        }
    }
}
