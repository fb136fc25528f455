package dev.vigil.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one request line into one response line: validates the JSON-RPC envelope, binds params
 * to the method's record, runs it, and maps every failure to a JSON-RPC error. Never throws for
 * bad input or a failing handler. Thread-safe (the mapper and registry are only read).
 */
final class RpcDispatcher {

    private static final System.Logger LOG = System.getLogger(RpcDispatcher.class.getName());

    private final MethodRegistry registry;
    private final ObjectMapper mapper;

    RpcDispatcher(MethodRegistry registry, ObjectMapper mapper) {
        this.registry = registry;
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
        RpcMethod<?, ?> method = registry.find(name).orElse(null);
        if (method == null) {
            return error(id, RpcErrors.METHOD_NOT_FOUND, "method not found: '" + name + "'; methods: "
                    + String.join(", ", registry.names()), Map.of("methods", registry.names()));
        }
        Object result;
        try {
            Object bound = bind(method, params);
            result = method.invoke(bound);
        } catch (ApiException e) {
            return error(id, e.code(), e.getMessage(), e.data());
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            LOG.log(System.Logger.Level.ERROR, "control method " + name + " failed", e);
            return error(id, RpcErrors.INTERNAL_ERROR, "internal error in " + name + ": " + describe(e), Map.of());
        }
        try {
            ObjectNode response = envelope(id);
            response.set("result", mapper.valueToTree(result));
            return mapper.writeValueAsString(response);
        } catch (JacksonException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "control method " + name + ": result not serialisable", e);
            return error(id, RpcErrors.INTERNAL_ERROR, "internal error in " + name + ": result not serialisable: " + describe(e), Map.of());
        }
    }

    private Object bind(RpcMethod<?, ?> method, JsonNode params) {
        ObjectNode object;
        if (params == null || params.isNull()) {
            object = JsonNodeFactory.instance.objectNode();
        } else if (params.isObject()) {
            object = (ObjectNode) params;
        } else {
            throw new ApiException(RpcErrors.INVALID_PARAMS, "invalid params: must be an object of named params, was "
                    + kind(params), Map.of("param", "params"));
        }
        List<String> known = new ArrayList<>();
        for (RecordComponent c : method.paramsType().getRecordComponents()) {
            String key = ApiNames.snake(c.getName());
            known.add(key);
            JsonNode value = object.get(key);
            if (!c.isAnnotationPresent(Nullable.class) && (value == null || value.isNull())) {
                throw new InvalidParamsException(key, "required");
            }
        }
        try {
            return mapper.treeToValue(object, method.paramsType());
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidParamsException(e.getPropertyName(), known.isEmpty()
                    ? "unknown param; " + method.name() + " takes no params"
                    : "unknown param; valid params: " + String.join(", ", known));
        } catch (JsonMappingException e) {
            ApiException cause = apiCause(e);
            if (cause != null) {
                throw cause;
            }
            String param = e.getPath().isEmpty() ? "params" : e.getPath().getFirst().getFieldName();
            throw new InvalidParamsException(param == null ? "params" : param, "wrong type or value: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new InvalidParamsException("params", e.getOriginalMessage());
        }
    }

    /** A record's compact constructor throws {@link InvalidParamsException}; Jackson wraps it. */
    private static ApiException apiCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        return null;
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
