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
 * Calls a method of a {@link MethodRegistry} with JSON params, outside any framing: binds the
 * params to the method's record, runs it, and turns the result (or any failure) into JSON. The
 * JSON-RPC socket and the HTTP API both call through this, so both transports bind, validate and
 * answer the same way: one model, two transports. Never throws for bad input or a failing handler.
 * Thread-safe.
 */
public final class MethodCaller {

    private static final System.Logger LOG = System.getLogger(MethodCaller.class.getName());

    /** What a call came to. */
    public sealed interface Outcome {
        /** The method's result, as JSON. */
        record Result(JsonNode value) implements Outcome {}

        /** An error with a code from {@link RpcErrors}, as a JSON-RPC error object carries it. */
        record Failure(int code, String message, Map<String, Object> data) implements Outcome {}
    }

    private final MethodRegistry registry;
    private final ObjectMapper mapper;

    MethodCaller(MethodRegistry registry, ObjectMapper mapper) {
        this.registry = registry;
        this.mapper = mapper;
    }

    /** A caller for {@code registry} plus {@code rpc.discover}, with the API's JSON conventions. */
    public static MethodCaller of(MethodRegistry registry) {
        return new MethodCaller(ControlServer.withDiscover(registry), ApiJson.mapper());
    }

    /** The mapper results are written with (snake_case, ISO instants, lower-case enums). */
    public ObjectMapper mapper() {
        return mapper;
    }

    public MethodRegistry registry() {
        return registry;
    }

    /** Calls {@code name} with {@code params} (null or an object of named params). */
    public Outcome call(String name, JsonNode params) {
        RpcMethod<?, ?> method = registry.find(name).orElse(null);
        if (method == null) {
            return new Outcome.Failure(RpcErrors.METHOD_NOT_FOUND, "method not found: '" + name + "'; methods: "
                    + String.join(", ", registry.names()), Map.of("methods", registry.names()));
        }
        Object result;
        try {
            result = method.invoke(bind(method, params));
        } catch (ApiException e) {
            return new Outcome.Failure(e.code(), e.getMessage(), e.data());
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            LOG.log(System.Logger.Level.ERROR, "control method " + name + " failed", e);
            return new Outcome.Failure(RpcErrors.INTERNAL_ERROR, "internal error in " + name + ": " + describe(e), Map.of());
        }
        try {
            return new Outcome.Result(mapper.valueToTree(result));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "control method " + name + ": result not serialisable", e);
            return new Outcome.Failure(RpcErrors.INTERNAL_ERROR, "internal error in " + name
                    + ": result not serialisable: " + describe(e), Map.of());
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
                    + params.getNodeType().name().toLowerCase(java.util.Locale.ROOT), Map.of("param", "params"));
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

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
