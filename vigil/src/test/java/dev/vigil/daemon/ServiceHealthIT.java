package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /livez} and {@code /readyz} of a real daemon aggregate its real services: a readiness
 * probe failing keeps {@code /readyz} at 503 until it passes; a non-critical service FAILED leaves
 * {@code /livez} at 200, a critical one makes it 503. Under {@code vigil run} and {@code vigil daemon}.
 */
class ServiceHealthIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private DaemonHarness daemon;

    @AfterEach
    void stop() throws Exception {
        DaemonHarness.terminateLeavingNothing(daemon, WAIT);
    }

    private static int freePort() throws IOException {
        return NotifyPeers.freePort();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpReloadIT.get(port, path);
    }

    private static JsonNode service(HttpResponse<String> response, String name) throws IOException {
        return JSON.readTree(response.body()).path("services").path(name);
    }

    /** A sleeper whose readiness probe passes once {@code marker} exists, and a crash-looping batch job. */
    private Path config(int port, Path marker, String extra) throws IOException {
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [http]
                listen = "127.0.0.1:%d"

                [services.web]
                command = ["/bin/sleep", "600"]
                stop_timeout = "2s"

                [services.web.probes.ready]
                kind = "exec"
                command = ["/bin/test", "-e", "%s"]
                role = "readiness"
                interval = "500ms"
                timeout = "500ms"
                failures = 1

                [services.batch]
                command = ["/bin/sh", "-c", "exit 1"]
                max_restarts = 1
                failed_retry = "never"
                ready_gate = false
                backoff = { initial = "100ms", max = "200ms" }
                %s
                """.formatted(port, marker, extra));
        return config;
    }

    @Test
    void underVigilRunReadyzWaitsForTheReadinessProbeAndANonCriticalFailureLeavesLivez() throws Exception {
        int port = freePort();
        Path marker = dir.resolve("ready");
        daemon = DaemonHarness.startRun(config(port, marker, ""), dir, List.of());
        daemon.awaitEvent(DaemonHarness.event("service_state_changed", "batch", Map.of("to", "failed")), WAIT);
        daemon.awaitEvent(DaemonHarness.event("service_state_changed", "web", Map.of("to", "degraded")), WAIT);

        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> ready = get(port, "/readyz");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
            assertThat(service(ready, "web").path("status").asText()).isEqualTo("fail");
            assertThat(service(ready, "web").path("reason").asText()).startsWith("degraded");
            assertThat(service(ready, "batch").path("status").asText()).as("ready_gate = false").isEqualTo("ok");
        });
        HttpResponse<String> live = get(port, "/livez");
        assertThat(live.statusCode()).as("batch FAILED is not critical: " + live.body()).isEqualTo(200);
        assertThat(service(live, "batch").path("reason").asText()).contains("not critical");

        int from = daemon.eventCount();
        Files.writeString(marker, "");
        daemon.awaitEvent(from, DaemonHarness.event("service_state_changed", "web", Map.of("to", "running")), WAIT);
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> ready = get(port, "/readyz");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        });
        HttpResponse<String> verbose = get(port, "/readyz?verbose");
        assertThat(verbose.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(verbose.body()).contains("[+]supervisor ok\n", "[+]service:web ok (running)\n")
                .endsWith("readyz check passed\n");
        assertThat(get(port, "/livez?nonsense=1").statusCode()).isEqualTo(400);
    }

    @Test
    void underVigilDaemonACriticalServiceReachingFailedFailsLivez() throws Exception {
        int port = freePort();
        Path marker = dir.resolve("ready");
        Files.writeString(marker, "");
        daemon = DaemonHarness.start(config(port, marker, """

                [services.core]
                command = ["/bin/sh", "-c", "exit 1"]
                critical = true
                autostart = false
                max_restarts = 1
                failed_retry = "never"
                backoff = { initial = "100ms", max = "200ms" }
                """), dir);
        daemon.awaitEvent(DaemonHarness.event("service_state_changed", "batch", Map.of("to", "failed")), WAIT);
        daemon.awaitEvent(DaemonHarness.event("service_state_changed", "web", Map.of("to", "running")), WAIT);
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> live = get(port, "/livez");
            assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
            assertThat(service(live, "core").path("state").asText()).isEqualTo("stopped");
        });

        int from = daemon.eventCount();
        daemon.cli("start", "core");   // its outcome is FAILED: what the events below wait for
        daemon.awaitEvent(from, DaemonHarness.event("service_state_changed", "core", Map.of("to", "failed")), WAIT);
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> live = get(port, "/livez");
            assertThat(live.statusCode()).as(live.body()).isEqualTo(503);
            assertThat(JSON.readTree(live.body()).path("status").asText()).isEqualTo("fail");
            assertThat(service(live, "core").path("reason").asText()).contains("critical = true");
            assertThat(service(live, "batch").path("status").asText()).isEqualTo("ok");
        });
        HttpResponse<String> verbose = get(port, "/livez?verbose");
        assertThat(verbose.statusCode()).isEqualTo(503);
        assertThat(verbose.body()).contains("[-]service:core failed: failed: ").endsWith("livez check failed\n");
        assertThat(get(port, "/readyz").statusCode()).as("core is gated and FAILED").isEqualTo(503);
    }
}
