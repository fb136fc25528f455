package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthResponsesTest {
    private static final HealthSnapshot.HeartbeatStatus FRESH =
            new HealthSnapshot.HeartbeatStatus("poll \"main\"", HeartbeatWatch.State.FRESH, 120_000_000L, 30_000_000_000L, 0);
    private static final HealthSnapshot.HeartbeatStatus STALLED =
            new HealthSnapshot.HeartbeatStatus("fetch", HeartbeatWatch.State.STALLED, 31_000_000_000L, 30_000_000_000L, 2);

    private static HealthSnapshot snapshot(boolean started, List<HealthSnapshot.HeartbeatStatus> beats, List<String> reasons) {
        return new HealthSnapshot(5_000_000_000L, started, beats, List.of(),
                new HealthSnapshot.PauseSummary(10, 1_500_000, 9_000_000), reasons, List.of(), List.of());
    }

    private static String serve(HealthResponses responses, String request) {
        ByteBuffer buffer = ByteBuffer.allocate(HealthListener.MAX_REQUEST_BYTES);
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        buffer.put(bytes, 0, Math.min(bytes.length, buffer.remaining())); // as the listener's reads fill it
        HealthResponses.Response response = HealthListener.RequestLine.respond(buffer, responses);
        return response == null ? null : new String(response.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void healthyAndReadyServesOkEverywhere() {
        HealthResponses r = HealthResponses.render(snapshot(true, List.of(FRESH), List.of()));
        assertThat(serve(r, "GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok\n");
        assertThat(serve(r, "GET /readyz?verbose HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(serve(r, "GET /startupz HTTP/1.0\n\n")).startsWith("HTTP/1.1 200 ").endsWith("started\n");
        assertThat(serve(r, "GET /health HTTP/1.1\r\n\r\n"))
                .contains("Content-Type: application/json")
                .contains("{\"status\":\"UP\",\"live\":true,\"ready\":true,\"started\":true,\"uptimeMs\":5000,"
                        + "\"heartbeats\":[{\"name\":\"poll \\\"main\\\"\",\"state\":\"FRESH\",\"ageMs\":120,\"budgetMs\":30000,\"stalls\":0}],"
                        + "\"deadlocks\":[],\"pauses\":{\"samples\":10,\"p99Ms\":1.500,\"maxMs\":9.000}");
        assertThat(serve(r, "GET /health/live HTTP/1.1\r\n\r\n")).contains("{\"status\":\"UP\",\"checks\":[{\"name\":\"heartbeat:poll \\\"main\\\"\",\"status\":\"UP\"");
    }

    @Test
    void aStallIsRedOnLivenessAndReadinessWithTheReason() {
        HealthResponses r = HealthResponses.render(snapshot(true, List.of(FRESH, STALLED), List.of()));
        assertThat(serve(r, "GET /livez HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
                .endsWith("not live: heartbeat 'fetch' stalled: age 31000 ms > budget 30000 ms\n");
        assertThat(serve(r, "GET /readyz HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 503 ").endsWith("not ready: not live\n");
        assertThat(serve(r, "GET /health/live HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 503 ")
                .contains("{\"name\":\"heartbeat:fetch\",\"status\":\"DOWN\",\"data\":{\"state\":\"STALLED\",\"ageMs\":31000,\"budgetMs\":30000,\"stalls\":2}}");
        assertThat(serve(r, "GET /health HTTP/1.1\r\n\r\n")).contains("\"status\":\"DOWN\",\"live\":false");
    }

    @Test
    void startingIsNotStartedNorReady() {
        HealthResponses r = HealthResponses.render(snapshot(false, List.of(), List.of("starting: ready() not called yet")));
        assertThat(serve(r, "GET /startupz HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 503 ").endsWith("starting\n");
        assertThat(serve(r, "GET /livez HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(serve(r, "GET /health/started HTTP/1.1\r\n\r\n")).endsWith("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"started\",\"status\":\"DOWN\"}]}\n");
        assertThat(serve(r, "GET /health/ready HTTP/1.1\r\n\r\n")).contains("\"reason\":\"starting: ready() not called yet\"");
    }

    @Test
    void malformedIncompleteOversizedAndUnknownRequests() {
        HealthResponses r = HealthResponses.render(snapshot(true, List.of(), List.of()));
        assertThat(serve(r, "GET /livez HTTP/1.1\r\nHost: x\r\n")).as("head incomplete").isNull();
        assertThat(serve(r, "hello\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(serve(r, "POST /livez HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 405 ");
        assertThat(serve(r, "GET /metrics HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 ");
        assertThat(serve(r, "GET /" + "a".repeat(HealthListener.MAX_REQUEST_BYTES))).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void theRequestLineIsSplitOnSingleSpacesAfterTrimmingAsBefore() {
        HealthResponses r = HealthResponses.render(snapshot(true, List.of(), List.of()));
        assertThat(serve(r, "  GET /livez HTTP/1.1 \r\n\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(serve(r, "GET /livez?probe=kubelet&x HTTP/1.0\n\n")).startsWith("HTTP/1.1 200 ");
        assertThat(serve(r, "HEAD /readyz HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(serve(r, "GET  /livez HTTP/1.1\r\n\r\n")).as("empty token").startsWith("HTTP/1.1 400 ");
        assertThat(serve(r, "GET /livez HTTP/1.1 extra\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(serve(r, "GET /livez FTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(serve(r, "GET /livez\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(serve(r, "GETX /livez HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 405 ");
        assertThat(serve(r, "GET /livezz HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 ");
        assertThat(serve(r, "GET /live HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 ");
        assertThat(serve(r, "GET /h\u00e9alth HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 ");
    }
}
