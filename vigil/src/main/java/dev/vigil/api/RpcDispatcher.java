package dev.vigil.api;

import dev.vigil.json.Json;
import dev.vigil.json.JsonException;
import dev.vigil.json.JsonMapper;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one request line into one response line: validates the JSON-RPC envelope, calls the
 * method through {@link MethodCaller} (which binds, runs and maps failures), and wraps the outcome. Never throws for
 * bad input or a failing handler. Thread-safe (the mapper and registry are only read).
 */
final class RpcDispatcher {

    private static final System.Logger LOG = System.getLogger(RpcDispatcher.class.getName());

    private final MethodCaller caller;
    private final JsonMapper mapper;

    RpcDispatcher(MethodRegistry registry, JsonMapper mapper) {
        this.caller = new MethodCaller(registry, mapper);
        this.mapper = mapper;
    }

    /** The response line (without newline), or {@code null} for a notification (a request without id). */
    String handle(String line) {
        if (line.isBlank()) {
            return error(null, RpcErrors.PARSE_ERROR, "parse error: empty request", Map.of());
        }
        Object request;
        try {
            request = Json.parse(line);
        } catch (JsonException e) {
            return error(null, RpcErrors.PARSE_ERROR, "parse error: " + e.getMessage(), Map.of());
        }
        if (request instanceof List<?>) {
            return error(null, RpcErrors.INVALID_REQUEST, "batch requests are not supported: send one request object per line", Map.of());
        }
        if (!(request instanceof Map<?, ?> object)) {
            return error(null, RpcErrors.INVALID_REQUEST, "a request must be a JSON object, was " + MethodCaller.kind(request), Map.of());
        }
        Object id = object.get("id");
        boolean notification = !object.containsKey("id");
        if (id != null && !(id instanceof String || id instanceof Long || id instanceof BigInteger)) {
            return error(null, RpcErrors.INVALID_REQUEST, "invalid request: 'id' must be a string, an integer or null, was "
                    + MethodCaller.kind(id), Map.of());
        }
        if (!"2.0".equals(object.get("jsonrpc"))) {
            return error(id, RpcErrors.INVALID_REQUEST, "invalid request: 'jsonrpc' must be \"2.0\"", Map.of());
        }
        if (!(object.get("method") instanceof String method)) {
            return error(id, RpcErrors.INVALID_REQUEST, "invalid request: 'method' must be a string", Map.of());
        }
        String response = call(id, method, object.get("params"));
        return notification ? null : response;
    }

    private String call(Object id, String name, Object params) {
        return switch (caller.call(name, params)) {
            case MethodCaller.Outcome.Failure f -> error(id, f.code(), f.message(), f.data());
            case MethodCaller.Outcome.Result r -> {
                try {
                    Map<String, Object> response = envelope(id);
                    response.put("result", r.value());
                    yield Json.write(response);
                } catch (JsonException e) {
                    LOG.log(System.Logger.Level.ERROR, "control method " + name + ": result not serialisable", e);
                    yield error(id, RpcErrors.INTERNAL_ERROR, "internal error in " + name
                            + ": result not serialisable: " + e.getMessage(), Map.of());
                }
            }
        };
    }

    private static Map<String, Object> envelope(Object id) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", id);
        return response;
    }

    /** An error response line; also used by the transport for busy/idle/too-large/denied. */
    String error(Object id, int code, String message, Map<String, Object> data) {
        Map<String, Object> response = envelope(id);
        Map<String, Object> error = new LinkedHashMap<>();
        response.put("error", error);
        error.put("code", code);
        error.put("message", message);
        try {
            if (!data.isEmpty()) {
                error.put("data", mapper.toTree(data));
            }
            return Json.write(response);
        } catch (JsonException e) {
            // Only reachable with unserialisable data from a handler; answer without it.
            error.remove("data");
            return Json.write(response);
        }
    }
}
