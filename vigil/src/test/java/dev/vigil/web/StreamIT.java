package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.daemon.DaemonHarness;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/stream} of a real daemon, read by plain HTTP clients. */
class StreamIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private DaemonHarness daemon;
    private int port;

    @AfterEach
    void stop() throws Exception {
        DaemonHarness.terminateLeavingNothing(daemon, WAIT);
    }

    private void start(int sleepers, List<String> jvmArgs) throws Exception {
        start(sleepers, "", jvmArgs);
    }

    private void start(int sleepers, String extra, List<String> jvmArgs) throws Exception {
        port = DashboardIT.freePort();
        StringBuilder config = new StringBuilder("[http]\nlisten = \"127.0.0.1:" + port + "\"\n\n");
        for (int i = 0; i < sleepers; i++) {
            config.append("[services.s").append(i).append("]\ncommand = [\"/bin/sleep\", \"600\"]\nstop_timeout = \"2s\"\n")
                    .append(extra.replace("NAME", "s" + i)).append("\n");
        }
        Path file = dir.resolve("vigil.toml");
        Files.writeString(file, config);
        daemon = DaemonHarness.start(file, dir, jvmArgs);
        daemon.awaitEvent(DaemonHarness.event("daemon_started", null, Map.of()), WAIT);
    }

    private void cli(String... args) throws Exception {
        DaemonHarness.CliResult result = daemon.cli(args);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
    }

    private static long seq(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    @Test
    void eventsArriveAndAReconnectWithLastEventIdResumesWhereItStopped() throws Exception {
        start(2, List.of());
        String last;
        try (SseReader first = new SseReader(port, null)) {
            assertThat(first.status).isEqualTo(200);
            SseReader.Message snapshot = first.next(WAIT);
            assertThat(snapshot.event()).isEqualTo("snapshot");
            assertThat(snapshot.data()).contains("\"name\":\"s0\"", "\"name\":\"s1\"", "\"daemon\"");

            cli("stop", "s0");
            first.await(m -> "service".equals(m.event()) && m.data().contains("\"name\":\"s0\"")
                    && m.data().contains("\"state\":\"stopped\""), WAIT);
            SseReader.Message event = first.await(m -> "event".equals(m.event())
                    && m.data().contains("\"type\":\"service_state_changed\"") && m.data().contains("\"to\":\"stopped\""), WAIT);
            last = event.id();
        }

        // Missed while away: s0 starts again.
        cli("start", "s0");
        try (SseReader resumed = new SseReader(port, last)) {
            SseReader.Message next = resumed.next(WAIT);
            assertThat(next.event()).as("resumed, not a fresh snapshot").isNotEqualTo("snapshot");
            assertThat(seq(next.id())).isEqualTo(seq(last) + 1);
            long previous = seq(next.id());
            SseReader.Message running = next;
            while (!("service".equals(running.event()) && running.data().contains("\"name\":\"s0\"")
                    && running.data().contains("\"state\":\"running\""))) {
                running = resumed.next(WAIT);
                if (running.id() != null) {
                    assertThat(seq(running.id())).as("no gap").isEqualTo(previous + 1);
                    previous = seq(running.id());
                }
            }
        }

        // An id from another daemon run (or too old) gets the whole state again.
        try (SseReader stranger = new SseReader(port, "0-5")) {
            assertThat(stranger.next(WAIT).event()).isEqualTo("snapshot");
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedWhileOthersAndTheSupervisorCarryOn() throws Exception {
        // Traffic: every service has a probe against a closed port with a long URL, failing four
        // times a second; each failure changes the service's document (its consecutive count).
        int closed = DashboardIT.freePort();
        String probe = """
                on_degraded = "warn"
                [services.NAME.probes.p]
                kind = "http"
                url = "http://127.0.0.1:%d/%s"
                interval = "250ms"
                timeout = "200ms"
                failures = 1
                """.formatted(closed, "x".repeat(2000));
        start(40, probe, List.of("-Dvigil.http.stream_max_queued_bytes=65536"));
        try (Socket stalled = new Socket(); SseReader healthy = new SseReader(port, null)) {
            stalled.setReceiveBufferSize(2048);
            stalled.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            stalled.getOutputStream().write(("GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(healthy.next(WAIT).event()).isEqualTo("snapshot");

            // The stalled client never reads: the kernel's buffers fill, then its queue, then it is dropped.
            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!daemon.stderr().contains("dropped a /api/v1/stream client") && System.nanoTime() < end) {
                healthy.await(m -> "service".equals(m.event()), WAIT);
            }
            assertThat(daemon.stderr()).contains("dropped a /api/v1/stream client");

            // The supervisor answers commands and the healthy client still gets what happens next.
            cli("stop", "s1");
            healthy.await(m -> "service".equals(m.event()) && m.data().contains("\"name\":\"s1\"")
                    && m.data().contains("\"state\":\"stopped\""), WAIT);

            // The stalled one: what it had buffered, then the end of the connection.
            stalled.setSoTimeout((int) WAIT.toMillis());
            InputStream in = stalled.getInputStream();
            byte[] buffer = new byte[65536];
            boolean ended = false;
            try {
                while (in.read(buffer) >= 0) {
                    // drain
                }
                ended = true;
            } catch (SocketException reset) {
                ended = true; // an aborted connection may end with a reset instead of a FIN
            }
            assertThat(ended).isTrue();
        }
    }
}
