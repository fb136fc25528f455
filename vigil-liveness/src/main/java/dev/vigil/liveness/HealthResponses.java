package dev.vigil.liveness;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Every response the listener can send, as finished HTTP/1.1 bytes, built by the watchdog from
 * one snapshot. The listener picks one by path and writes it: no lock, no application code and no
 * formatting on the request path.
 */
final class HealthResponses {
    /** A finished response; {@code headerLength} bytes of head, then the body (omitted for HEAD). */
    record Response(byte[] bytes, int headerLength) {
    }

    static final Response BAD_REQUEST = text(400, "Bad Request", "bad request\n");
    static final Response NOT_FOUND = text(404, "Not Found",
            "not found; try /livez /readyz /startupz /health /health/live /health/ready /health/started\n");
    static final Response METHOD_NOT_ALLOWED = text(405, "Method Not Allowed", "only GET and HEAD\n");
    static final Response TOO_LARGE = text(431, "Request Header Fields Too Large", "request too large\n");

    private final byte[][] paths;
    private final Response[] responses;

    private HealthResponses(Map<String, Response> byPath) {
        this.paths = new byte[byPath.size()][];
        this.responses = new Response[byPath.size()];
        int i = 0;
        for (Map.Entry<String, Response> entry : byPath.entrySet()) {
            paths[i] = entry.getKey().getBytes(StandardCharsets.US_ASCII);
            responses[i++] = entry.getValue();
        }
    }

    /** The response for a request path (query string already removed). */
    Response forPath(String path) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        return forPath(bytes, 0, bytes.length);
    }

    /**
     * The response for the path in {@code bytes[from, to)}, compared byte by byte: the listener's
     * request path allocates nothing here, so it cannot be held up by an allocation stall.
     */
    Response forPath(byte[] bytes, int from, int to) {
        for (int i = 0; i < paths.length; i++) {
            if (java.util.Arrays.equals(paths[i], 0, paths[i].length, bytes, from, to)) {
                return responses[i];
            }
        }
        return NOT_FOUND;
    }

    static HealthResponses render(HealthSnapshot s) {
        boolean live = s.live();
        boolean ready = s.ready();
        List<String> notLive = s.notLiveReasons();
        List<String> notReady = new java.util.ArrayList<>(s.notReadyReasons());
        if (!live) {
            notReady.add("not live");
        }
        return new HealthResponses(Map.of(
                "/livez", verdict(live, live ? "ok\n" : "not live: " + String.join("; ", notLive) + "\n"),
                "/readyz", verdict(ready, ready ? "ok\n" : "not ready: " + String.join("; ", notReady) + "\n"),
                "/startupz", verdict(s.started(), s.started() ? "started\n" : "starting\n"),
                "/health", json(live && ready, HealthDocuments.detail(s)),
                "/health/live", json(live, HealthDocuments.microProfileLive(s)),
                "/health/ready", json(ready, HealthDocuments.microProfileReady(s, notReady)),
                "/health/started", json(s.started(), HealthDocuments.microProfileStarted(s))));
    }

    private static Response verdict(boolean up, String body) {
        return up ? text(200, "OK", body) : text(503, "Service Unavailable", body);
    }

    private static Response json(boolean up, String body) {
        return build(up ? 200 : 503, up ? "OK" : "Service Unavailable", "application/json", body);
    }

    private static Response text(int code, String reason, String body) {
        return build(code, reason, "text/plain; charset=utf-8", body);
    }

    private static Response build(int code, String reason, String contentType, String body) {
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 " + code + " " + reason + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + bodyBytes.length + "\r\n"
                + "Cache-Control: no-store\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + bodyBytes.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bodyBytes, 0, all, head.length, bodyBytes.length);
        return new Response(all, head.length);
    }
}
