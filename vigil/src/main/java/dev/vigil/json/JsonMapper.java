package dev.vigil.json;

import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Binds records to JSON and back, on top of {@link Json}, with the conventions of Vigil's API:
 * keys are the record components' names in snake_case ({@link JsonNames#snake}), in component
 * order; every component is written, a null one as {@code null}; enums are their lower-case
 * names (read case-insensitively); {@link Instant} and {@link Duration} are ISO-8601 strings
 * ({@code 2026-11-23T10:15:30Z}, {@code PT1.5S}); {@code List}, {@code Map<String, V>} and nested
 * records nest; a component typed {@code Object} holds the plain tree ({@link Json}'s types).
 *
 * <p>Reading is strict about types (no {@code "10"} for 10, no 1.5 for an integer, no null for a
 * primitive, nor, in a {@link #strict} mapper, for a component not marked with the nullable
 * annotation given to it) and names the JSON path of
 * anything wrong: {@code $.probes[2].latency_ms: expected an integer, was "12"}. Unknown keys are
 * ignored by a {@link #lenient} mapper (a client reading a newer daemon's answers), and so is an
 * enum constant it does not know (read as null); a {@link #strict} mapper rejects both. A record constructor's exception becomes a {@link JsonException} at the
 * record's path with that exception as its cause. Input is bounded by {@link Json#parse}'s limits.
 *
 * <p>Reflection is done once per record class and cached. Immutable and thread-safe.
 */
public final class JsonMapper {

    private final boolean rejectUnknown;
    private final ClassValue<RecordShape> shapes;

    private JsonMapper(boolean rejectUnknown, Class<? extends Annotation> nullable) {
        this.rejectUnknown = rejectUnknown;
        this.shapes = new ClassValue<>() {
            @Override
            protected RecordShape computeValue(Class<?> type) {
                return new RecordShape(type, nullable);
            }
        };
    }

    /**
     * A mapper that ignores keys the record does not have, and lets any component that is not a
     * primitive be null or absent. It reads no annotations: parsing them (a proxy class per
     * annotation type) is ~50 ms of a client's cold start, more than the whole answer costs.
     */
    public static JsonMapper lenient() {
        return new JsonMapper(false, null);
    }

    /** A mapper that rejects keys the record does not have; components marked {@code nullable} may be null or absent. */
    public static JsonMapper strict(Class<? extends Annotation> nullable) {
        return new JsonMapper(true, Objects.requireNonNull(nullable, "nullable"));
    }

    /** One line of JSON (see {@link Json#write}). @throws JsonException for a value that has no JSON form */
    public String write(Object value) {
        return Json.write(toTree(value));
    }

    /** Indented by two spaces (see {@link Json#writePretty}). */
    public String writePretty(Object value) {
        return Json.writePretty(toTree(value));
    }

    /** Parses {@code text} and binds it to {@code type}. @throws JsonException naming the offset or the path */
    public <T> T read(CharSequence text, Class<T> type) {
        return fromTree(Json.parse(text), type);
    }

    /** Binds a parsed tree ({@link Json}'s types) to {@code type}. @throws JsonException naming the path */
    public <T> T fromTree(Object tree, Class<T> type) {
        Object value = new TreeBinder(this::shape, rejectUnknown).bind(tree, type, TreeBinder.Path.ROOT);
        return type.isPrimitive() ? (T) value : type.cast(value);
    }

    /**
     * The value as {@link Json}'s plain types: records become {@code LinkedHashMap}s in component
     * order, enums lower-case strings, instants and durations ISO-8601 strings.
     *
     * @throws JsonException for a value with no JSON form, or nested deeper than {@link Json#MAX_DEPTH}
     */
    public Object toTree(Object value) {
        return tree(value, 0);
    }

    RecordShape shape(Class<?> type) {
        return shapes.get(type);
    }

    private Object tree(Object v, int depth) {
        if (depth > Json.MAX_DEPTH) {
            throw new JsonException("cannot write a value nested deeper than " + Json.MAX_DEPTH);
        }
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Number n -> n;
            case Enum<?> e -> e.name().toLowerCase(Locale.ROOT);
            case Instant i -> i.toString();
            case Duration d -> d.toString();
            case Record r -> record(r, depth);
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new JsonException("object keys must be strings, found " + e.getKey());
                    }
                    out.put(key, tree(e.getValue(), depth + 1));
                }
                yield out;
            }
            case Iterable<?> it -> {
                List<Object> out = new ArrayList<>();
                for (Object item : it) {
                    out.add(tree(item, depth + 1));
                }
                yield out;
            }
            case Character c -> c.toString();
            default -> {
                if (v.getClass().isArray()) {
                    List<Object> out = new ArrayList<>();
                    for (int i = 0, n = Array.getLength(v); i < n; i++) {
                        out.add(tree(Array.get(v, i), depth + 1));
                    }
                    yield out;
                }
                throw new JsonException("cannot write a " + v.getClass().getName() + " as JSON");
            }
        };
    }

    private Map<String, Object> record(Record r, int depth) {
        RecordShape shape = shape(r.getClass());
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, shape.parts.size() * 2));
        for (int i = 0; i < shape.parts.size(); i++) {
            out.put(shape.parts.get(i).key(), tree(shape.read(r, i), depth + 1));
        }
        return out;
    }
}
