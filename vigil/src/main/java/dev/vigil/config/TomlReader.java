package dev.vigil.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Typed, position-aware access to one TOML table at a field path such as {@code services.web}.
 *
 * <p>Every getter records the key as known (for {@link #rejectUnknown}) and, when the value is
 * wrong, records one problem at the value's line and column and returns empty (or the default), so
 * reading carries on and every error is found in one pass. {@link #failed} tells cross-field checks
 * to stay quiet about a field that already has a problem.
 */
final class TomlReader {

    private final TomlTable table;
    private final String path;
    private final SourceRef where;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> failed = new HashSet<>();

    TomlReader(TomlTable table, String path, SourceRef where, Problems problems) {
        this.table = table;
        this.path = path;
        this.where = where;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    SourceRef where() {
        return where;
    }

    Problems problems() {
        return problems;
    }

    Set<String> keys() {
        return table.keySet();
    }

    String field(String key) {
        String k = key.matches("[A-Za-z0-9_-]+") ? key : TomlValues.quote(key);
        return path.isEmpty() ? k : path + "." + k;
    }

    boolean has(String key) {
        known.add(key);
        return table.contains(key);
    }

    /** Declares keys valid here without reading them (read elsewhere, or on purpose ignored). */
    void known(String... keys) {
        known.addAll(Arrays.asList(keys));
    }

    /** Counts {@code key} as failed after a problem reported elsewhere (an element, a referenced file). */
    void markFailed(String key) {
        failed.add(key);
    }

    boolean failed(String... keys) {
        return Arrays.stream(keys).anyMatch(failed::contains);
    }

    /** Position of the value of {@code key} (of the table itself if the key is absent). */
    SourceRef at(String key) {
        TomlTable.Entry entry = table.entry(key);
        return entry == null ? where : problems.at(entry.valuePosition());
    }

    SourceRef keyAt(String key) {
        TomlTable.Entry entry = table.entry(key);
        return entry == null ? where : problems.at(entry.keyPosition());
    }

    /** A problem with the value of {@code key}; the key then counts as failed. */
    void problem(String key, String value, String message, String expected) {
        failed.add(key);
        problems.add(at(key), field(key), value, message, expected);
    }

    /** A problem with this table as a whole (a missing key, a conflict between keys). */
    void problemHere(String message, String expected) {
        problems.add(where, path, "", message, expected);
    }

    private Optional<Object> typed(String key, String typeName, Predicate<Object> isType, String expected) {
        if (!has(key)) {
            return Optional.empty();
        }
        Object value = table.get(key);
        if (!isType.test(value)) {
            problem(key, TomlValues.render(value),
                    "must be " + typeName + ", not " + TomlValues.typeName(value), expected);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    Optional<String> string(String key, String expected) {
        return typed(key, "a string", String.class::isInstance, expected).map(String.class::cast);
    }

    /** A non-blank string. */
    Optional<String> text(String key, String expected) {
        Optional<String> s = string(key, expected);
        if (s.isPresent() && s.get().isBlank()) {
            problem(key, TomlValues.quote(s.get()), "must not be empty", expected);
            return Optional.empty();
        }
        return s;
    }

    Optional<Object> raw(String key) {
        return has(key) ? Optional.of(table.get(key)) : Optional.empty();
    }

    boolean bool(String key, boolean dflt) {
        return typed(key, "a boolean", Boolean.class::isInstance, "true or false")
                .map(Boolean.class::cast).orElse(dflt);
    }

    int integer(String key, int dflt, int min, int max) {
        String expected = "an integer from " + min + " to " + max;
        Optional<Object> v = typed(key, "an integer", Long.class::isInstance, expected);
        if (v.isEmpty()) {
            return dflt;
        }
        long n = (Long) v.get();
        if (n < min || n > max) {
            problem(key, Long.toString(n), n < min ? "must be >= " + min : "must be <= " + max, expected);
            return dflt;
        }
        return (int) n;
    }

    /** An integer or a float within [min, max]. */
    double number(String key, double dflt, double min, double max) {
        String expected = "a number from " + min + " to " + max;
        Optional<Object> v = typed(key, "a number", o -> o instanceof Long || o instanceof Double, expected);
        if (v.isEmpty()) {
            return dflt;
        }
        double d = ((Number) v.get()).doubleValue();
        if (!Double.isFinite(d)) {
            problem(key, TomlValues.render(v.get()), "must be finite", expected);
            return dflt;
        }
        if (d < min || d > max) {
            problem(key, TomlValues.render(v.get()), d < min ? "must be >= " + min : "must be <= " + max, expected);
            return dflt;
        }
        return d;
    }

    Optional<Duration> duration(String key, DurationRule rule) {
        Optional<String> s = string(key, rule.expected());
        if (s.isEmpty()) {
            return Optional.empty();
        }
        return checkDuration(key, s.get(), rule);
    }

    Duration duration(String key, Duration dflt, DurationRule rule) {
        return duration(key, rule).orElse(dflt);
    }

    /** Validates duration text already read from {@code key} (for fields that also take words). */
    Optional<Duration> checkDuration(String key, String text, DurationRule rule) {
        return checkDuration(key, text, rule, rule.expected());
    }

    Optional<Duration> checkDuration(String key, String text, DurationRule rule, String expected) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problem(key, TomlValues.quote(text), e.getMessage(), expected);
            return Optional.empty();
        }
        Optional<String> violation = rule.violation(d);
        if (violation.isPresent()) {
            problem(key, TomlValues.quote(text), violation.get(), expected);
            return Optional.empty();
        }
        return Optional.of(d);
    }

    /** An enum written in lower case with dashes ({@code on-failure} for ON_FAILURE). */
    <E extends Enum<E>> E choice(String key, E dflt, Class<E> type) {
        Map<String, E> options = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            options.put(e.name().toLowerCase(Locale.ROOT).replace('_', '-'), e);
        }
        return choice(key, options).orElse(dflt);
    }

    <E> Optional<E> choice(String key, Map<String, E> options) {
        String expected = "one of " + options.keySet().stream().map(TomlValues::quote).collect(Collectors.joining(", "));
        Optional<String> s = string(key, expected);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        E value = options.get(s.get());
        if (value == null) {
            String hint = Suggestions.closest(s.get(), options.keySet())
                    .map(c -> "did you mean " + TomlValues.quote(c) + "? ").orElse("");
            problem(key, TomlValues.quote(s.get()), "is not a valid choice", hint + expected);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** An array of strings; with {@code nonEmpty}, at least one element and a non-blank first. */
    Optional<List<String>> strings(String key, boolean nonEmpty, String expected) {
        Optional<Object> v = typed(key, "an array of strings", TomlArray.class::isInstance, expected);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        TomlArray array = (TomlArray) v.get();
        if (nonEmpty && array.isEmpty()) {
            problem(key, "[]", "must not be empty", expected);
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            Object element = array.get(i);
            if (!(element instanceof String s)) {
                failed.add(key);
                problems.add(problems.at(array.positionOf(i)), field(key) + "[" + i + "]",
                        TomlValues.render(element), "must be a string, not " + TomlValues.typeName(element), expected);
                ok = false;
            } else {
                out.add(s);
            }
        }
        if (ok && nonEmpty && out.getFirst().isBlank()) {
            problems.add(problems.at(array.positionOf(0)), field(key) + "[0]", TomlValues.quote(out.getFirst()),
                    "must not be empty", expected);
            failed.add(key);
            ok = false;
        }
        return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    /** Position of element {@code i} of the array at {@code key}. */
    SourceRef elementAt(String key, int i) {
        Object v = table.get(key);
        return v instanceof TomlArray a && i < a.size() ? problems.at(a.positionOf(i)) : at(key);
    }

    /** A table whose values are all strings, e.g. {@code env}. */
    Map<String, String> stringMap(String key, String expected) {
        Optional<TomlReader> sub = table(key, expected);
        if (sub.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : sub.get().keys()) {
            sub.get().string(k, expected).ifPresent(v -> out.put(k, v));
        }
        if (sub.get().failed(sub.get().keys().toArray(String[]::new))) {
            failed.add(key);
        }
        return out;
    }

    Optional<TomlReader> table(String key, String expected) {
        return typed(key, "a table", TomlTable.class::isInstance, expected)
                .map(t -> new TomlReader((TomlTable) t, field(key), keyAt(key), problems));
    }

    /**
     * Reports every key that no getter asked for, suggesting the closest known key.
     *
     * @param elsewhere keys that are valid in other variants of this table, with why they are not
     *                  here (e.g. {@code url -> "only for kind http or jsonrpc"})
     */
    void rejectUnknown(Map<String, String> elsewhere) {
        for (String key : table.keySet()) {
            if (known.contains(key)) {
                continue;
            }
            String valid = "valid keys here: " + String.join(", ", known);
            String message;
            String expected;
            if (elsewhere.containsKey(key)) {
                message = "is not used here";
                expected = elsewhere.get(key) + "; " + valid;
            } else {
                message = "unknown key";
                expected = Suggestions.closest(key, known)
                        .map(c -> "did you mean " + TomlValues.quote(c) + "? ").orElse("") + valid;
            }
            problems.add(keyAt(key), field(key), "", message, expected);
        }
    }

    void rejectUnknown() {
        rejectUnknown(Map.of());
    }
}
