package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus}, from bin/install-test-deps) scrapes a real daemon
 * with a service whose probe fails, on free loopback ports with a generated config; the test asks
 * Prometheus' own HTTP API what it stored.
 */
class PrometheusScrapeIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private DaemonHarness daemon;
    private Process prometheus;

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy(); // SIGTERM to that PID only
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        DaemonHarness.terminateLeavingNothing(daemon, WAIT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void prometheusSeesTheDegradedServiceAndItsProbeFailuresRising() throws Exception {
        int vigilPort = freePort();
        int closedPort = freePort(); // nothing listens here: every probe round fails
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [http]
                listen = "127.0.0.1:%d"
                probe_histogram = true

                [services.flaky]
                command = ["/bin/sleep", "600"]
                on_degraded = "warn"

                [services.flaky.probes.alive]
                kind = "tcp"
                address = "127.0.0.1:%d"
                interval = "500ms"
                timeout = "200ms"
                failures = 2
                """.formatted(vigilPort, closedPort));
        daemon = DaemonHarness.start(config, dir);
        daemon.awaitEvent(DaemonHarness.event("http_listening", null, Map.of()), WAIT);

        int promPort = freePort();
        Path promDir = Files.createDirectories(dir.resolve("prometheus"));
        Files.writeString(promDir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: vigil
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(vigilPort));
        prometheus = new ProcessBuilder(List.of("/usr/bin/prometheus",
                "--config.file=" + promDir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + promDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + promPort))
                .redirectErrorStream(true).redirectOutput(promDir.resolve("prometheus.log").toFile()).start();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                query(promPort, "vigil_service_state{service=\"flaky\",state=\"degraded\"} == 1").size() == 1);

        double first = failures(promPort);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> failures(promPort) > first);
        assertThat(query(promPort, "up{job=\"vigil\"}").get(0).at("/value/1").asText()).isEqualTo("1");
        assertThat(query(promPort, "vigil_probe_success{service=\"flaky\",probe=\"alive\"}").get(0).at("/value/1").asText())
                .isEqualTo("0");

        // Every query of the shipped Grafana dashboard is valid PromQL that this Prometheus accepts.
        JsonNode dashboard = JSON.readTree(Path.of("..", "examples", "prometheus", "grafana-dashboard.json").toFile());
        List<String> queries = new java.util.ArrayList<>();
        dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(t -> queries.add(t.get("expr").asText())));
        assertThat(queries).hasSize(11);
        for (String q : queries) {
            query(promPort, q.replace("$instance", ".*").replace("$service", ".*"));
        }
        assertThat(query(promPort, "vigil_probe_duration_seconds_count{service=\"flaky\",probe=\"alive\"}")).hasSize(1);
    }

    private static double failures(int promPort) throws Exception {
        List<JsonNode> result = query(promPort, "vigil_probe_total{service=\"flaky\",probe=\"alive\",kind=\"tcp\",result=\"failure\"}");
        assertThat(result).hasSize(1);
        return Double.parseDouble(result.get(0).at("/value/1").asText());
    }

    private static List<JsonNode> query(int promPort, String promql) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort
                        + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).as(response.body()).isEqualTo("success");
        List<JsonNode> out = new java.util.ArrayList<>();
        body.at("/data/result").forEach(out::add);
        return out;
    }
}
