package dev.vigil.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Turns one request line into one response line: validates the JSON-RPC envelope, calls the
 * method through {@link MethodCaller} (which binds, runs and maps failures), and wraps the outcome. Never throws for
 * bad input or a failing handler. Thread-safe (the mapper and registry are only read).
 */
final class RpcDispatcher {

    private static final System.Logger LOG = System.getLogger(RpcDispatcher.class.getName());

    private final MethodCaller caller;
    private final ObjectMapper mapper;

    RpcDispatcher(MethodRegistry registry, ObjectMapper mapper) {
        this.caller = new MethodCaller(registry, mapper);
        this.mapper = mapper;
    }

    /** The response line (without newline), or {@code null} for a notification (a request without id). */
    String handle(String line) {
        JsonNode request;
        try {
            request = mapper.readTree(line);
        } catch (JacksonException e) {
            return error(null, RpcErrors.PARSE_ERROR, "parse error: " + e.getOriginalMessage(), Map.of());
        }
        if (request == null || request.isMissingNode()) {
            return error(null, RpcErrors.PARSE_ERROR, "parse error: empty request", Map.of());
        }
        if (request.isArray()) {
            return error(null, RpcErrors.INVALID_REQUEST, "batch requests are not supported: send one request object per line", Map.of());
        }
        if (!request.isObject()) {
            return error(null, RpcErrors.INVALID_REQUEST, "a request must be a JSON object, was " + kind(request), Map.of());
        }
        JsonNode id = request.get("id");
        boolean notification = id == null;
        if (id != null && !(id.isNull() || id.isTextual() || id.isIntegralNumber())) {
            return error(null, RpcErrors.INVALID_REQUEST, "invalid request: 'id' must be a string, an integer or null, was " + kind(id), Map.of());
        }
        JsonNode version = request.get("jsonrpc");
        if (version == null || !version.isTextual() || !"2.0".equals(version.textValue())) {
            return error(id, RpcErrors.INVALID_REQUEST, "invalid request: 'jsonrpc' must be \"2.0\"", Map.of());
        }
        JsonNode methodNode = request.get("method");
        if (methodNode == null || !methodNode.isTextual()) {
            return error(id, RpcErrors.INVALID_REQUEST, "invalid request: 'method' must be a string", Map.of());
        }
        String response = call(id, methodNode.textValue(), request.get("params"));
        return notification ? null : response;
    }

    private String call(JsonNode id, String name, JsonNode params) {
        return switch (caller.call(name, params)) {
            case MethodCaller.Outcome.Failure f -> error(id, f.code(), f.message(), f.data());
            case MethodCaller.Outcome.Result r -> {
                try {
                    ObjectNode response = envelope(id);
                    response.set("result", r.value());
                    yield mapper.writeValueAsString(response);
                } catch (JacksonException e) {
                    LOG.log(System.Logger.Level.ERROR, "control method " + name + ": result not serialisable", e);
                    yield error(id, RpcErrors.INTERNAL_ERROR, "internal error in " + name
                            + ": result not serialisable: " + e.getOriginalMessage(), Map.of());
                }
            }
        };
    }

    private ObjectNode envelope(JsonNode id) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        return response;
    }

    /** An error response line; also used by the transport for busy/idle/too-large/denied. */
    String error(JsonNode id, int code, String message, Map<String, Object> data) {
        ObjectNode response = envelope(id);
        ObjectNode error = response.putObject("error");
        error.put("code", code);
        error.put("message", message);
        try {
            if (!data.isEmpty()) {
                error.set("data", mapper.valueToTree(data));
            }
            return mapper.writeValueAsString(response);
        } catch (JacksonException | IllegalArgumentException e) {
            // Only reachable with unserialisable data from a handler; answer without it.
            error.remove("data");
            return response.toString();
        }
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
