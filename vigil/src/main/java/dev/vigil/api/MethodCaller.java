package dev.vigil.api;

import dev.vigil.json.JsonException;
import dev.vigil.json.JsonMapper;
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
        /** The method's result, as a JSON tree ({@link dev.vigil.json.Json}'s plain types: maps, lists, strings, numbers). */
        record Result(Object value) implements Outcome {}

        /** An error with a code from {@link RpcErrors}, as a JSON-RPC error object carries it. */
        record Failure(int code, String message, Map<String, Object> data) implements Outcome {}
    }

    private final MethodRegistry registry;
    private final JsonMapper mapper;

    MethodCaller(MethodRegistry registry, JsonMapper mapper) {
        this.registry = registry;
        this.mapper = mapper;
    }

    /** A caller for {@code registry} plus {@code rpc.discover}, with the API's JSON conventions. */
    public static MethodCaller of(MethodRegistry registry) {
        return new MethodCaller(ControlServer.withDiscover(registry), ApiCodec.SERVER);
    }

    /** The mapper results are written with (snake_case, ISO instants, lower-case enums). */
    public JsonMapper mapper() {
        return mapper;
    }

    public MethodRegistry registry() {
        return registry;
    }

    /** Calls {@code name} with {@code params}: null or a parsed JSON object of named params (a {@code Map}). */
    public Outcome call(String name, Object params) {
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
            return new Outcome.Result(mapper.toTree(result));
        } catch (JsonException e) {
            LOG.log(System.Logger.Level.ERROR, "control method " + name + ": result not serialisable", e);
            return new Outcome.Failure(RpcErrors.INTERNAL_ERROR, "internal error in " + name
                    + ": result not serialisable: " + describe(e), Map.of());
        }
    }

    private Object bind(RpcMethod<?, ?> method, Object params) {
        Map<?, ?> object;
        if (params == null) {
            object = Map.of();
        } else if (params instanceof Map<?, ?> map) {
            object = map;
        } else {
            throw new ApiException(RpcErrors.INVALID_PARAMS, "invalid params: must be an object of named params, was "
                    + kind(params), Map.of("param", "params"));
        }
        List<String> known = new ArrayList<>();
        for (RecordComponent c : method.paramsType().getRecordComponents()) {
            String key = ApiNames.snake(c.getName());
            known.add(key);
            if (!c.isAnnotationPresent(Nullable.class) && object.get(key) == null) {
                throw new InvalidParamsException(key, "required");
            }
        }
        for (Object key : object.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidParamsException(String.valueOf(key), known.isEmpty()
                        ? "unknown param; " + method.name() + " takes no params"
                        : "unknown param; valid params: " + String.join(", ", known));
            }
        }
        try {
            return mapper.fromTree(object, method.paramsType());
        } catch (JsonException e) {
            ApiException cause = apiCause(e);
            if (cause != null) {
                throw cause;
            }
            String param = e.topField();
            throw new InvalidParamsException(param == null ? "params" : param, "wrong type or value: " + e.problem());
        }
    }

    /** The JSON kind of a parsed value, for messages: object, array, string, number, boolean or null. */
    static String kind(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> m -> "object";
            case List<?> l -> "array";
            case String s -> "string";
            case Number n -> "number";
            case Boolean b -> "boolean";
            default -> value.getClass().getSimpleName();
        };
    }

    /** A record's compact constructor throws {@link InvalidParamsException}; the mapper wraps it. */
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
