package dev.vigil.daemon;

import static dev.vigil.daemon.NotifyPeers.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real daemon and a real SQLite file: repeated failures and notify floods make a bounded history. */
class HistoryBoundsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int DATAGRAMS = 100_000;
    @TempDir
    Path dir;
    private DaemonHarness daemon;

    @AfterEach
    void cleanUp() throws InterruptedException {
        DaemonHarness.closeLeavingNothing(daemon);
    }

    private List<JsonNode> rows(String service) throws Exception {
        DaemonHarness.CliResult result = daemon.cli("events", service, "--json", "--limit", "1000");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<JsonNode> rows = new ArrayList<>();
        result.json().path("events").forEach(rows::add);
        return rows;
    }

    @Test
    void aProbeFailingEvery100msIsAFewRowsWithACount() throws Exception {
        int port = NotifyPeers.freePort();   // nobody listens: every round fails at once
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [services.web]
                command = ["/bin/sleep", "100000"]
                on_degraded = "warn"

                [services.web.probes.port]
                kind = "tcp"
                address = "127.0.0.1:%d"
                interval = "100ms"
                timeout = "50ms"
                failures = 1
                """.formatted(port));
        daemon = DaemonHarness.start(config, dir);

        Awaitility.await().atMost(WAIT).until(() -> NotifyPeers.all(daemon, "probe_failed", "web").size() >= 60);
        Awaitility.await().atMost(WAIT).until(() -> rows("web").stream()
                .filter(e -> e.path("type").asText().equals("probe_failed"))
                .mapToLong(e -> e.path("count").asLong()).sum() >= 60);

        int lines = NotifyPeers.all(daemon, "probe_failed", "web").size();
        List<JsonNode> failed = rows("web").stream().filter(e -> e.path("type").asText().equals("probe_failed")).toList();
        // One row before the state change to degraded, one run after it.
        assertThat(failed).hasSizeLessThanOrEqualTo(3);
        JsonNode run = failed.getLast();
        assertThat(run.path("count").asLong()).isGreaterThan(10);
        assertThat(run.path("last_ts").asText()).isGreaterThan(run.path("ts").asText());
        assertThat(failed.stream().mapToLong(e -> e.path("count").asLong()).sum()).isLessThanOrEqualTo(
                NotifyPeers.all(daemon, "probe_failed", "web").size()).isGreaterThanOrEqualTo(60);
        assertThat(lines).isGreaterThanOrEqualTo(60);
        assertThat(daemon.cli("events", "web").stdout()).containsPattern("probe_failed x\\d+ \\(last ");
        assertThat(daemon.terminate(WAIT)).isZero();
    }

    @Test
    void aFloodOfStatusDatagramsIsABoundedNumberOfEventsAndOneCountedNote() throws Exception {
        String flood = String.join("\n",
                "import os, socket, time",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                "a = os.environ['NOTIFY_SOCKET']",
                "s.sendto(b'READY=1', a)",
                "for i in range(" + DATAGRAMS + "): s.sendto(b'STATUS=step %d' % i, a)",
                "time.sleep(2)",
                "s.sendto(b'STATUS=after the flood', a)",
                "time.sleep(100000)");
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [services.flood]
                command = %s
                type = "notify"
                """.formatted(DaemonHarness.toml(List.of("/usr/bin/python3", "-c", flood))));
        daemon = DaemonHarness.start(config, dir);

        daemon.awaitEvent(node -> event("notify_status", "flood").test(node)
                && node.path("text").asText().equals("after the flood"), Duration.ofMinutes(3));
        List<JsonNode> lines = daemon.events().stream().filter(e -> "flood".equals(e.path("service").asText())
                && e.path("event").asText().startsWith("notify_")).toList();
        long passed = lines.stream().filter(e -> !e.path("event").asText().equals("notify_events_suppressed")).count();
        long suppressed = lines.stream().filter(e -> e.path("event").asText().equals("notify_events_suppressed"))
                .mapToLong(e -> e.path("suppressed").asLong()).sum();
        assertThat(passed).as("notify-driven log lines").isLessThan(200);
        assertThat(passed + suppressed).as("every datagram's message is either logged or counted")
                .isEqualTo(DATAGRAMS + 2L);   // + READY=1 and the last STATUS=

        Awaitility.await().atMost(WAIT).until(() -> rows("flood").stream()
                .anyMatch(e -> e.path("fields").path("text").asText().equals("after the flood")));
        List<JsonNode> stored = rows("flood");
        assertThat(stored).as("stored events of the flooding service").hasSizeLessThan(200);
        assertThat(stored).anyMatch(e -> e.path("type").asText().equals("notify_events_suppressed")
                && e.path("fields").path("suppressed").asLong() > 0);
        assertThat(daemon.terminate(WAIT)).isZero();
    }
}
