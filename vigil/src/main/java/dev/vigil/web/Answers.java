package dev.vigil.web;

import dev.vigil.api.ApiCodec;
import dev.vigil.json.JsonException;
import dev.vigil.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writing responses: JSON documents, and errors as {@code {"error": {"status", "code", "message",
 * "data"}}} (the same error object the JSON-RPC API answers with, plus the HTTP status). Never a
 * stack trace, never HTML.
 */
final class Answers {

    static final String JSON = "application/json";

    private Answers() {
    }

    static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static void json(Response response, Callback callback, int status, JsonMapper mapper, Object document) {
        byte[] body;
        try {
            body = mapper.write(document).getBytes(StandardCharsets.UTF_8);
        } catch (JsonException e) {
            error(response, callback, 500, null, "response not serialisable: " + e.getMessage(), Map.of());
            return;
        }
        send(response, callback, status, JSON, body);
    }

    /** {@code code} is the control API's error code, or null for an HTTP-level error. */
    static void error(Response response, Callback callback, int status, Integer code, String message,
                      Map<String, Object> data) {
        send(response, callback, status, JSON, errorBody(status, code, message, data));
    }

    static byte[] errorBody(int status, Integer code, String message, Map<String, Object> data) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", status);
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message);
        if (data != null && !data.isEmpty()) {
            error.put("data", data);
        }
        try {
            return ApiCodec.SERVER.write(Map.of("error", error)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonException e) {
            // Only reachable with unserialisable data: answer without it.
            return ("{\"error\":{\"status\":" + status + ",\"message\":\"error\"}}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
