package dev.vigil.web;

import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /api/v1/stream}: Server-Sent Events from the {@link StreamHub}. The request stays
 * open; its callback completes when the client goes away, is dropped for reading too slowly, or
 * the listener stops. Beyond {@link StreamHub#MAX_CLIENTS} open streams: 503.
 */
final class StreamEndpoint {

    private final StreamHub hub;

    StreamEndpoint(StreamHub hub) {
        this.hub = hub;
    }

    void handle(Request request, Response response, Callback callback) {
        if (!Request.extractQueryParameters(request).isEmpty()) {
            Answers.error(response, callback, 400, null, "/api/v1/stream takes no query parameters", Map.of());
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("X-Accel-Buffering", "no");
        StreamClient client = hub.open(request.getHeaders().get("Last-Event-ID"),
                onClose -> new StreamClient(response, callback, StreamHub.MAX_QUEUED_BYTES, onClose));
        if (client == null) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            Answers.error(response, callback, 503, null, "too many open streams (at most " + StreamHub.MAX_CLIENTS
                    + ")", Map.of("max_streams", StreamHub.MAX_CLIENTS));
            return;
        }
        request.addFailureListener(client::abort);
    }
}
