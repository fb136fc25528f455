package dev.vigil.api;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates the OpenRPC 1.3 document of a {@link MethodRegistry} from the same record types the
 * server binds params to and serialises results from, so the description cannot drift. Records
 * become {@code components.schemas} entries referenced by {@code $ref}.
 */
final class OpenRpcDocument {

    static final String OPENRPC_VERSION = "1.3.2";
    static final String API_VERSION = "1.0.0";

    private static final Map<Integer, String> ERROR_MESSAGES = Map.of(
            RpcErrors.UNKNOWN_SERVICE, "unknown service (data.name, data.known)",
            RpcErrors.CONFIG_REJECTED, "config rejected (data.problems)",
            RpcErrors.UNAVAILABLE, "the daemon cannot do this now");

    private final Map<String, Object> schemas = new TreeMap<>();

    private OpenRpcDocument() {
    }

    /** The document as JSON-compatible maps and lists. */
    static Map<String, Object> of(MethodRegistry registry) {
        return new OpenRpcDocument().build(registry);
    }

    private Map<String, Object> build(MethodRegistry registry) {
        List<Object> methods = new ArrayList<>();
        for (RpcMethod<?, ?> m : registry.methods()) {
            methods.add(method(m));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openrpc", OPENRPC_VERSION);
        doc.put("info", Map.of(
                "title", "Vigil control API",
                "version", API_VERSION,
                "description", "JSON-RPC 2.0 over the daemon's Unix socket (vigil.sock), one JSON object per line. See docs/API.md."));
        doc.put("methods", methods);
        doc.put("components", Map.of("schemas", schemas));
        return doc;
    }

    private Map<String, Object> method(RpcMethod<?, ?> m) {
        List<Object> params = new ArrayList<>();
        for (RecordComponent c : m.paramsType().getRecordComponents()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", ApiNames.snake(c.getName()));
            describe(p, c.getAnnotation(Doc.class));
            p.put("required", !c.isAnnotationPresent(Nullable.class));
            p.put("schema", schema(c.getGenericType()));
            params.add(p);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", m.name() + ".result");
        describe(result, m.resultType().getAnnotation(Doc.class));
        result.put("schema", schema(m.resultType()));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name());
        out.put("summary", m.summary());
        out.put("paramStructure", "by-name");
        out.put("params", params);
        out.put("result", result);
        List<Object> errors = new ArrayList<>();
        for (int code : m.errors()) {
            errors.add(Map.of("code", code, "message", ERROR_MESSAGES.getOrDefault(code, "application error")));
        }
        out.put("errors", errors);
        return out;
    }

    private static void describe(Map<String, Object> target, Doc doc) {
        if (doc != null) {
            target.put("description", doc.value());
        }
    }

    private Map<String, Object> schema(Type type) {
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schema(pt.getActualTypeArguments()[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object");
            }
            throw new IllegalArgumentException("no schema for API type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return Map.of("type", "string");
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            return Map.of("type", "integer");
        }
        if (c == boolean.class || c == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == double.class || c == Double.class) {
            return Map.of("type", "number");
        }
        if (c == Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (Map.class.isAssignableFrom(c)) {
            return Map.of("type", "object");
        }
        if (c.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object constant : c.getEnumConstants()) {
                values.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
            }
            return Map.of("type", "string", "enum", values);
        }
        if (c.isRecord()) {
            return Map.of("$ref", "#/components/schemas/" + recordSchema(c));
        }
        throw new IllegalArgumentException("no schema for API type " + c.getName());
    }

    private String recordSchema(Class<?> record) {
        String name = record.getSimpleName();
        if (schemas.containsKey(name)) {
            return name;
        }
        schemas.put(name, Map.of()); // placeholder: stops recursion on self-reference
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            String key = ApiNames.snake(c.getName());
            Map<String, Object> s = new LinkedHashMap<>(schema(c.getGenericType()));
            if (c.isAnnotationPresent(Nullable.class)) {
                s = nullable(s);
            }
            describe(s, c.getAnnotation(Doc.class));
            properties.put(key, s);
            required.add(key); // results always carry every key (null where nullable)
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        describe(schema, record.getAnnotation(Doc.class));
        schema.put("properties", properties);
        schema.put("required", required);
        schemas.put(name, schema);
        return name;
    }

    private static Map<String, Object> nullable(Map<String, Object> s) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (s.get("type") instanceof String t) {
            out.putAll(s);
            out.put("type", List.of(t, "null"));
            if (s.get("enum") instanceof List<?> values) {
                List<Object> withNull = new ArrayList<>(values);
                withNull.add(null);
                out.put("enum", withNull);
            }
        } else {
            out.put("oneOf", List.of(s, Map.of("type", "null")));
        }
        return out;
    }
}
