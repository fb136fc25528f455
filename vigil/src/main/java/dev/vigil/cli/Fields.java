package dev.vigil.cli;

import java.util.List;
import java.util.Map;

/** Typed reads from the decoded JSON maps of API results (see docs/API.md for the fields). */
final class Fields {
    private Fields() {
    }

    static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    static Long lng(Map<?, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : null;
    }

    static long lng(Map<?, ?> m, String key, long otherwise) {
        Long v = lng(m, key);
        return v == null ? otherwise : v;
    }

    static boolean bool(Map<?, ?> m, String key) {
        return Boolean.TRUE.equals(m.get(key));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o) {
        return o instanceof Map<?, ?> ? (Map<String, Object>) o : Map.of();
    }

    static Map<String, Object> obj(Map<?, ?> m, String key) {
        return obj(m.get(key));
    }

    static List<Map<String, Object>> objects(Map<?, ?> m, String key) {
        return m.get(key) instanceof List<?> l ? l.stream().map(Fields::obj).toList() : List.of();
    }

    static List<String> strings(Map<?, ?> m, String key) {
        return m.get(key) instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }
}
