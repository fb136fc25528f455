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
 * Its heartbeat goes stale, the library says WATCHDOG=trigger and stops sending WATCHDOG=1, and
 * the daemon restarts it within the watchdog interval; the HTTP probe on the same service stays
 * green throughout, and a client of the application keeps getting 200s.
 */
class WedgedLoopIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration WATCHDOG = Duration.ofSeconds(2);
    /** The library's stall budget for the poll loop. */
    private static final Duration BUDGET = Duration.ofSeconds(1);
    /**
     * How late a timer may fire on a loaded machine (the daemon's watchdog deadline, the library's
     * budget alarm): the watchdog's own bounds come from the protocol, this only absorbs scheduling.
     */
    private static final Duration LATENESS = Duration.ofSeconds(1);
    /**
     * What the application's /health (not wedged: the wedge holds only the poll loop) may take to
     * answer the probe and the client on a loaded machine. A wedged port would never answer at all.
     * The probe's interval must be at least its timeout, so it runs every 2 s.
     */
    private static final Duration ANSWER = Duration.ofSeconds(2);
    private static final Duration CLIENT_ANSWER = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private int appPort;
    private Path wedge;
    private HttpClient http;
    private HttpRequest health;

    private DaemonHarness start(String onDegraded) throws Exception {
        appPort = NotifyPeers.freePort();
        wedge = dir.resolve("wedge");
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
                on_degraded = "%s"

                [services.worker.probes.app]
                kind = "http"
                url = "http://127.0.0.1:%d/health"
                interval = "%dms"
                timeout = "%dms"
                start_grace = "0s"
                failures = 2
                """.formatted(DaemonHarness.toml(command), onDegraded, appPort, ANSWER.toMillis(), ANSWER.toMillis()));
        http = HttpClient.newBuilder().connectTimeout(CLIENT_ANSWER).build();
        health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/health"))
                .timeout(CLIENT_ANSWER).build();
        return DaemonHarness.start(config, dir);
    }

    @Test
    void aWedgedLoopIsRestartedWithinTheWatchdogIntervalWhileItsHttpPortAnswers200() throws Exception {
        try (DaemonHarness daemon = start("restart")) {
            JsonNode first = daemon.awaitEvent(event("process_started", "worker"), WAIT);
            daemon.awaitEvent(stateTo("worker", "running"), WAIT);
            int from = daemon.eventCount();

            Instant wedgedAt;
            JsonNode missed;
            try (AppClient client = new AppClient()) {
                client.awaitFirstAnswer();
                wedgedAt = Instant.now();
                Files.writeString(wedge, "now");
                missed = daemon.awaitEvent(from, event("watchdog_missed", "worker"), WAIT);
                Files.delete(wedge); // once silent the upstream stays silent; the next start must not wedge
                assertThat(client.answersSinceFirst()).as("the app port while wedged").isNotEmpty().containsOnly(200);
            }
            // The library confirms the stall after its 1 s budget and says WATCHDOG=trigger; had that
            // datagram been lost, its pings' 2 s deadline would have caught it (the next test).
            assertThat(missed.path("reason").asText()).isEqualTo("WATCHDOG=trigger");
            // Red comes 1 s after the loop's last busy(), which falls before wedgedAt when the loop was
            // descheduled between its busy() and its wedge check: so not a moment after the wedge (a false
            // alarm), but half the budget after it at least. And before the 2 s watchdog interval is over.
            assertThat(Duration.between(wedgedAt, NotifyPeers.at(missed))).isBetween(BUDGET.dividedBy(2), WATCHDOG);
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
            // The service-wide probe paused while Vigil stopped the old JVM: no round failed against it.
            assertThat(all(daemon, "probe_failed", "worker")).isEmpty();
            assertThat(daemon.terminate(WAIT)).isZero();
            assertThat(daemon.leftovers()).isEmpty();
        }
    }

    @Test
    void theWedgedLoopsPingsStopSoTheDeadlinePassesTooWhileTheProbeStaysGreen() throws Exception {
        try (DaemonHarness daemon = start("warn")) {
            daemon.awaitEvent(stateTo("worker", "running"), WAIT);
            int from = daemon.eventCount();
            try (AppClient client = new AppClient()) {
                client.awaitFirstAnswer();
                Files.writeString(wedge, "now");
                JsonNode trigger = daemon.awaitEvent(from, event("watchdog_missed", "worker"), WAIT);
                assertThat(trigger.path("reason").asText()).isEqualTo("WATCHDOG=trigger");
                daemon.awaitEvent(from, stateTo("worker", "degraded"), WAIT);
                // No WATCHDOG=1 since the stall: the deadline passes as well, within one interval of the
                // trigger (the last ping came before the trigger on the same socket), give or take the
                // daemon's timer firing late.
                JsonNode deadline = daemon.awaitEvent(from, e -> event("watchdog_missed", "worker").test(e)
                        && e.path("reason").asText().equals("no WATCHDOG=1 within 2s"), WAIT);
                assertThat(between(trigger, deadline)).isBetween(Duration.ZERO, WATCHDOG.plus(LATENESS));
                // The probe on the app port kept running and answering while the loop was wedged.
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
                    JsonNode last = daemon.cli("status", "worker", "--json").json().path("probes").get(0).path("last");
                    return last.path("outcome").asText().equals("healthy")
                            && Instant.parse(last.path("at").asText()).isAfter(NotifyPeers.at(trigger));
                });
                assertThat(client.answersSinceFirst()).as("the app port while wedged").isNotEmpty().containsOnly(200);
            }
            JsonNode status = daemon.cli("status", "worker", "--json").json();
            assertThat(status.path("state").asText()).isEqualTo("degraded");
            assertThat(status.path("probes").get(0).path("failing").asBoolean()).isFalse();
            assertThat(all(daemon, "probe_failed", "worker")).isEmpty();
            assertThat(all(daemon, "restart_triggered", "worker")).isEmpty();
            assertThat(daemon.terminate(WAIT)).isZero();
            assertThat(daemon.leftovers()).isEmpty();
        }
    }

    /** A client of the application polling its /health until closed; every answer's status, -1 for an error. */
    private final class AppClient implements AutoCloseable {
        private final List<Integer> answers = new CopyOnWriteArrayList<>();
        private final AtomicBoolean done = new AtomicBoolean();
        private final Thread thread = Thread.ofPlatform().name("app-client").start(this::poll);

        private void poll() {
            while (!done.get()) {
                try {
                    answers.add(http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode());
                    Thread.sleep(100); // a polite client's pacing, not synchronisation
                } catch (Exception e) {
                    answers.add(-1);
                    return;
                }
            }
        }

        /**
         * Before the wedge: the client's first request (the JDK's HTTP client loading, a connection
         * opening) took over the whole ~1 s wedge on a loaded machine, leaving nothing to check.
         */
        void awaitFirstAnswer() {
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !answers.isEmpty());
        }

        /** The answers after the one {@link #awaitFirstAnswer} waited for. */
        List<Integer> answersSinceFirst() {
            return List.copyOf(answers.subList(1, answers.size()));
        }

        @Override
        public void close() throws InterruptedException {
            done.set(true);
            thread.join(Duration.ofSeconds(5));
        }
    }
}
