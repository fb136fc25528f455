package dev.vigil.daemon;

import static dev.vigil.daemon.NotifyPeers.all;
import static dev.vigil.daemon.NotifyPeers.between;
import static dev.vigil.daemon.NotifyPeers.event;
import static dev.vigil.daemon.NotifyPeers.stateTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident the notify watchdog exists for: a JVM service (the {@code liveness-service}
 * fixture, vigil-liveness inside) whose poll loop wedges while its HTTP port keeps answering 200.
 * Its heartbeat goes stale, the library stops sending WATCHDOG=1, and the daemon restarts it
 * within the watchdog interval; the HTTP probe on the same service stays green throughout.
 */
class WedgedLoopIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aWedgedLoopIsRestartedByTheWatchdogWhileItsHttpPortAnswers200() throws Exception {
        int appPort = NotifyPeers.freePort();
        Path wedge = dir.resolve("wedge");
        List<String> command = DaemonHarness.fixture("liveness-service", "--app-port", Integer.toString(appPort),
                "--health-port", "0", "--budget", "1s", "--sampling", "100ms", "--wedge-file", wedge.toString());
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [services.worker]
                command = %s
                type = "notify"
                watchdog = "2s"
                start_timeout = "30s"
                jvm = true

                [services.worker.probes.app]
                kind = "http"
                url = "http://127.0.0.1:%d/health"
                interval = "250ms"
                timeout = "1s"
                start_grace = "0s"
                failures = 2
                """.formatted(DaemonHarness.toml(command), appPort));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/health"))
                .timeout(Duration.ofSeconds(1)).build();
        try (DaemonHarness daemon = DaemonHarness.start(config, dir)) {
            JsonNode first = daemon.awaitEvent(event("process_started", "worker"), WAIT);
            daemon.awaitEvent(stateTo("worker", "running"), WAIT);
            assertThat(http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            int from = daemon.eventCount();

            // While the loop is wedged, a client of the application keeps getting 200s.
            List<Integer> answers = new CopyOnWriteArrayList<>();
            AtomicBoolean detected = new AtomicBoolean();
            Thread client = Thread.ofPlatform().name("app-client").start(() -> {
                while (!detected.get()) {
                    try {
                        answers.add(http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode());
                        Thread.sleep(100); // pacing of a polite client, not synchronisation
                    } catch (Exception e) {
                        answers.add(-1);
                        return;
                    }
                }
            });
            Instant wedgedAt = Instant.now();
            Files.writeString(wedge, "now");
            JsonNode missed;
            try {
                missed = daemon.awaitEvent(from, event("watchdog_missed", "worker"), WAIT);
            } finally {
                Files.deleteIfExists(wedge); // once silent the upstream stays silent; the next start must not wedge
                detected.set(true);
                client.join(Duration.ofSeconds(5));
            }
            // Stale after the 1 s budget (+ sampling), then no ping for the 2 s interval.
            Duration detection = Duration.between(wedgedAt, NotifyPeers.at(missed));
            assertThat(detection).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(10));
            assertThat(missed.path("reason").asText()).isEqualTo("no WATCHDOG=1 within 2s");
            assertThat(answers).isNotEmpty().containsOnly(200);
            assertThat(daemon.events().subList(from, daemon.events().indexOf(missed)))
                    .noneMatch(event("probe_failed", "worker"));

            JsonNode evidence = daemon.awaitEvent(from, event("evidence_collected", "worker"), WAIT);
            assertThat(evidence.path("pid").asLong()).isEqualTo(first.path("pid").asLong());
            assertThat(evidence.path("reason").asText()).contains("watchdog missed");
            assertThat(evidence.path("thread_dump").asText()).startsWith("requested");
            daemon.awaitEvent(from, event("restart_triggered", "worker"), WAIT);
            JsonNode second = daemon.awaitEvent(from, event("process_started", "worker"), WAIT);
            assertThat(second.path("pid").asLong()).isNotEqualTo(first.path("pid").asLong());
            JsonNode back = daemon.awaitEvent(from, stateTo("worker", "running"), WAIT);
            assertThat(between(missed, back)).isPositive();
            assertThat(all(daemon, "probe_failed", "worker")).isEmpty();
            assertThat(daemon.terminate(WAIT)).isZero();
            assertThat(daemon.leftovers()).isEmpty();
        }
    }
}
