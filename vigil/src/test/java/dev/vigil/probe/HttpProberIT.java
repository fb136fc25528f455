package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The http prober against real misbehaving servers in child processes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpProberIT {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Slack for a 2-core machine shared with other builds; the design target is a few ms. */
    // Generous for a loaded 2-core machine; without a hard deadline these peers would hold a probe forever.
    private static final Duration SLACK = Duration.ofMillis(800);

    private final RealProbers prober = new RealProbers();

    @AfterEach
    void closeProbers() {
        prober.close();
    }

    @TempDir
    Path dir;

    @Test
    void healthyServerOverTcp() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("http-server", "--port", "0")) {
            ProbeOutcome outcome = prober.probe(Targets.get(server.endpoint(), "/health"), TIMEOUT);
            assertThat(outcome).isInstanceOf(ProbeOutcome.Healthy.class);
            assertThat(outcome.describe()).startsWith("HTTP 200 in ");
        }
    }

    @Test
    void notFoundIsOutsideTheDefaultRange() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("http-server", "--port", "0")) {
            ProbeOutcome outcome = prober.probe(Targets.get(server.endpoint(), "/nope"), TIMEOUT);
            assertThat(outcome).isInstanceOf(ProbeOutcome.Unhealthy.class);
            assertThat(outcome.describe()).isEqualTo("HTTP 404 (expected 200-399)");
        }
    }

    @Test
    void emptyReplyIsAFailureWithThatReason() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("empty-reply", "--port", "0")) {
            ProbeOutcome outcome = prober.probe(Targets.get(server.endpoint(), "/health"), TIMEOUT);
            assertThat(outcome).isInstanceOf(ProbeOutcome.Unhealthy.class);
            assertThat(outcome.describe()).isEqualTo("empty reply (connection closed before any byte)");
        }
    }

    @Test
    void resetIsAFailureWithThatReason() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("reset-reply", "--port", "0")) {
            ProbeOutcome outcome = prober.probe(Targets.get(server.endpoint(), "/health"), TIMEOUT);
            assertThat(outcome).isInstanceOf(ProbeOutcome.Unhealthy.class);
            assertThat(outcome.describe()).startsWith("connection reset");
        }
    }

    @Test
    void status500IsAFailure() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("status-server", "--port", "0", "--status", "500")) {
            ProbeOutcome outcome = prober.probe(Targets.get(server.endpoint(), "/health"), TIMEOUT);
            assertThat(outcome.describe()).isEqualTo("HTTP 500 (expected 200-399)");
        }
    }

    @Test
    void bodyChecksReadTheBody() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("status-server", "--port", "0", "--status", "200", "--body", "db: down")) {
            assertThat(prober.probe(Targets.getWithBody(server.endpoint(), "/", "db: up", null), TIMEOUT).describe())
                    .isEqualTo("HTTP 200 but body does not contain \"db: up\"");
            assertThat(prober.probe(Targets.getWithBody(server.endpoint(), "/", null, "db: (up|down)"), TIMEOUT))
                    .isInstanceOf(ProbeOutcome.Healthy.class);
        }
    }

    @Test
    void halfOpenListenerTimesOutOnTime() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("half-open", "--port", "0")) {
            assertTimesOutOnTime(Targets.get(server.endpoint(), "/health"));
        }
    }

    @Test
    void dribblingPeerTimesOutOnTime() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("dribble", "--port", "0", "--every", "100ms")) {
            // A byte every 100 ms: a per-read timeout of 500 ms would never fire.
            assertTimesOutOnTime(Targets.getWithBody(server.endpoint(), "/health", "ok", null));
        }
    }

    @Test
    void stoppedServerTimesOutOnTime() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("http-server", "--port", "0")) {
            assertThat(prober.probe(Targets.get(server.endpoint(), "/health"), TIMEOUT)).isInstanceOf(ProbeOutcome.Healthy.class);
            server.signal("STOP");
            try {
                assertTimesOutOnTime(Targets.get(server.endpoint(), "/health"));
            } finally {
                server.signal("CONT");
            }
        }
    }

    @Test
    void slowHandlerPastTheTimeoutTimesOut() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("slow-handler", "--port", "0", "--delay", "3s")) {
            assertTimesOutOnTime(Targets.get(server.endpoint(), "/health"));
        }
    }

    @Test
    void slowHandlerWithinTheTimeoutIsHealthy() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("slow-handler", "--port", "0", "--delay", "100ms")) {
            assertThat(prober.probe(Targets.get(server.endpoint(), "/health"), Duration.ofSeconds(3)))
                    .isInstanceOf(ProbeOutcome.Healthy.class);
        }
    }

    @Test
    void httpOverAUnixSocket() throws Exception {
        Path socket = dir.resolve("ui.sock");
        try (FixtureProcess server = FixtureProcess.start("http-server", "--unix", socket.toString())) {
            assertThat(prober.probe(Targets.get(server.endpoint(), "/health"), TIMEOUT)).isInstanceOf(ProbeOutcome.Healthy.class);
            server.terminate();
        }
        // The "ui" process is gone and removed its socket: the incident's probe result.
        ProbeOutcome outcome = prober.probe(Targets.get(new Endpoint.Unix(socket), "/health"), TIMEOUT);
        assertThat(outcome.describe()).isEqualTo("connect refused (unix:" + socket + "): socket file missing");
    }

    @Test
    void refusedTcpConnect() throws Exception {
        int port;
        try (FixtureProcess server = FixtureProcess.start("http-server", "--port", "0")) {
            port = server.port();
        }
        ProbeOutcome outcome = prober.probe(Targets.get(new Endpoint.Tcp("127.0.0.1", port), "/health"), TIMEOUT);
        assertThat(outcome.describe()).isEqualTo("connect refused (127.0.0.1:" + port + ")");
    }

    private void assertTimesOutOnTime(ProbeTarget target) {
        long start = System.nanoTime();
        ProbeOutcome outcome = prober.probe(target, TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(outcome).isEqualTo(new ProbeOutcome.TimedOut(TIMEOUT));
        assertThat(took).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(5)).isLessThan(TIMEOUT.plus(SLACK));
    }
}
