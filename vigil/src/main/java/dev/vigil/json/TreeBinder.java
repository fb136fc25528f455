package dev.vigil.json;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Binds one parsed tree to a Java type for {@link JsonMapper#fromTree}; one instance per call. */
final class TreeBinder {

    /** Where a value sits in the document; rendered ({@code $.probes[2].latency_ms}) only for an error. */
    record Path(Path parent, String key, int index) {
        static final Path ROOT = new Path(null, null, -1);

        Path key(String k) {
            return new Path(this, k, -1);
        }

        Path index(int i) {
            return new Path(this, null, i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "$";
            }
            return parent + (key != null ? "." + key : "[" + index + "]");
        }
    }

    private final Function<Class<?>, RecordShape> shapes;
    private final boolean rejectUnknown;

    TreeBinder(Function<Class<?>, RecordShape> shapes, boolean rejectUnknown) {
        this.shapes = shapes;
        this.rejectUnknown = rejectUnknown;
    }

    Object bind(Object tree, Type type, Path path) {
        Class<?> raw = raw(type, path);
        if (tree == null) {
            if (raw.isPrimitive()) {
                throw fail(path, "expected " + expected(raw) + ", was null");
            }
            return null;
        }
        if (raw == Object.class) {
            return tree;
        }
        if (raw == String.class) {
            return tree instanceof String s ? s : mismatch(path, "a string", tree);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return tree instanceof Boolean b ? b : mismatch(path, "true or false", tree);
        }
        if (raw == int.class || raw == Integer.class) {
            return (int) integer(tree, path, Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer");
        }
        if (raw == long.class || raw == Long.class) {
            return integer(tree, path, Long.MIN_VALUE, Long.MAX_VALUE, "an integer");
        }
        if (raw == double.class || raw == Double.class) {
            return tree instanceof Number n ? n.doubleValue() : mismatch(path, "a number", tree);
        }
        if (raw == Number.class) {
            return tree instanceof Number n ? n : mismatch(path, "a number", tree);
        }
        if (raw == Instant.class) {
            return text(tree, path, IsoInstants::parse, "an ISO-8601 instant such as 2026-11-23T10:15:30Z");
        }
        if (raw == Duration.class) {
            return text(tree, path, Duration::parse, "an ISO-8601 duration such as PT1.5S");
        }
        if (raw.isEnum()) {
            return constant(raw, tree, path, rejectUnknown);
        }
        if (raw.isRecord()) {
            return record(shapes.apply(raw), tree, path);
        }
        if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
            return list(type, tree, path);
        }
        if (raw == Map.class) {
            return map(type, tree, path);
        }
        throw fail(path, "cannot bind JSON to a " + raw.getName());
    }

    private Object record(RecordShape shape, Object tree, Path path) {
        if (!(tree instanceof Map<?, ?> object)) {
            return mismatch(path, "an object", tree);
        }
        if (rejectUnknown) {
            for (Object key : object.keySet()) {
                if (shape.indexOf(String.valueOf(key)) < 0) {
                    throw fail(path.key(String.valueOf(key)), shape.parts.isEmpty() ? "unknown field; this object has none"
                            : "unknown field; known: " + shape.keys());
                }
            }
        }
        Object[] args = new Object[shape.parts.size()];
        for (int i = 0; i < args.length; i++) {
            RecordShape.Part part = shape.parts.get(i);
            Path at = path.key(part.key());
            Object value = object.get(part.key());
            if (value == null && !rejectUnknown && !object.containsKey(part.key()) && isCollection(part.raw())) {
                // A client reading an older daemon's answer: a list or map it did not send yet is empty.
                value = part.raw() == Map.class ? Map.of() : List.of();
            }
            if (value == null && !part.nullable()) {
                throw fail(at, object.containsKey(part.key()) ? "must not be null" : "required");
            }
            args[i] = bind(value, part.type(), at);
        }
        try {
            return shape.construct(args);
        } catch (JsonException e) {
            throw e;
        } catch (Throwable e) {
            if (e instanceof Error err && !(e instanceof AssertionError)) {
                throw err;
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new JsonException(path.toString(), "not a valid " + shape.type.getSimpleName() + ": " + why, e);
        }
    }

    private static boolean isCollection(Class<?> raw) {
        return raw == List.class || raw == Collection.class || raw == Iterable.class || raw == Map.class;
    }

    private List<Object> list(Type type, Object tree, Path path) {
        if (!(tree instanceof List<?> items)) {
            return mismatch(path, "an array", tree);
        }
        Type element = argument(type, 0);
        List<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(bind(items.get(i), element, path.index(i)));
        }
        return Collections.unmodifiableList(out);
    }

    private Map<String, Object> map(Type type, Object tree, Path path) {
        if (!(tree instanceof Map<?, ?> object)) {
            return mismatch(path, "an object", tree);
        }
        if (raw(argument(type, 0), path) != String.class && raw(argument(type, 0), path) != Object.class) {
            throw fail(path, "cannot bind a JSON object to a map whose keys are not strings");
        }
        Type value = argument(type, 1);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : object.entrySet()) {
            String key = String.valueOf(e.getKey());
            out.put(key, bind(e.getValue(), value, path.key(key)));
        }
        return Collections.unmodifiableMap(out);
    }

    private static long integer(Object tree, Path path, long min, long max, String expected) {
        long v;
        if (tree instanceof Long l) {
            v = l;
        } else if (tree instanceof Integer i) {
            v = i;
        } else if (tree instanceof BigInteger) {
            throw fail(path, "integer out of range, was " + tree);
        } else if (tree instanceof Double || tree instanceof BigDecimal) {
            throw fail(path, "expected " + expected + ", was " + tree);
        } else {
            return (long) mismatch(path, expected, tree);
        }
        if (v < min || v > max) {
            throw fail(path, "integer out of range " + min + ".." + max + ", was " + v);
        }
        return v;
    }

    /** A value written as text ({@link Instant}, {@link Duration}): parsed by {@code parse}, or an error saying what would do. */
    private static Object text(Object tree, Path path, Function<String, Object> parse, String expected) {
        if (tree instanceof String s) {
            try {
                return parse.apply(s);
            } catch (DateTimeParseException e) {
                // the message below says what would be valid
            }
        }
        throw fail(path, "expected " + expected + ", was " + shown(tree));
    }

    /** A constant by its name in any case; a lenient mapper reads a string it does not know (a newer writer's) as null. */
    private static Object constant(Class<?> type, Object tree, Path path, boolean rejectUnknown) {
        Object[] constants = type.getEnumConstants();
        if (tree instanceof String s) {
            for (Object c : constants) {
                if (((Enum<?>) c).name().equalsIgnoreCase(s)) {
                    return c;
                }
            }
            if (!rejectUnknown) {
                return null;
            }
        }
        List<String> names = new ArrayList<>();
        for (Object c : constants) {
            names.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT));
        }
        throw fail(path, "expected one of " + String.join(", ", names) + ", was " + shown(tree));
    }

    // instanceof, not a pattern switch: see JsonWriter.value (a spun class per switch at first use).
    private static Class<?> raw(Type type, Path path) {
        if (type instanceof Class<?> c) {
            return c;
        } else if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        } else if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0], path);
        }
        throw fail(path, "cannot bind JSON to " + type.getTypeName());
    }

    private static Type argument(Type type, int i) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[i] : Object.class;
    }

    private static <T> T mismatch(Path path, String expected, Object tree) {
        throw fail(path, "expected " + expected + ", was " + shown(tree));
    }

    private static String expected(Class<?> primitive) {
        return primitive == boolean.class ? "true or false" : primitive == double.class ? "a number" : "an integer";
    }

    /** The offending value in short: strings quoted and cut, containers by kind. */
    private static String shown(Object tree) {
        return switch (tree) {
            case null -> "null";
            case String s -> Json.write(s.length() > 40 ? s.substring(0, 40) + "..." : s);
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            default -> String.valueOf(tree);
        };
    }

    private static JsonException fail(Path path, String problem) {
        return new JsonException(path.toString(), problem, null);
    }
}
