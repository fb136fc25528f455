package dev.vigil.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A TOML table: keys in the order written, each with its value and the positions of the key and
 * of the value. Values are {@link String}, {@link Long}, {@link Double}, {@link Boolean}, a
 * {@code java.time} date or time, {@link TomlArray} or {@link TomlTable}.
 *
 * <p>How a table came to be ({@link Origin}) decides what TOML still allows to be added to it.
 */
final class TomlTable {

    /** How a table was created, which decides whether a header or a dotted key may extend it. */
    enum Origin {
        /** The whole document. */
        ROOT,
        /** Named only as the prefix of a header ({@code a} in {@code [a.b]}): a header may still define it. */
        IMPLICIT,
        /** Defined by its own {@code [header]} or as an element of {@code [[header]]}. */
        HEADER,
        /** Created by a dotted key ({@code a} in {@code a.b = 1}). */
        DOTTED,
        /** Written inline, {@code { ... }}: complete as written. */
        INLINE
    }

    /** One key of a table. */
    record Entry(Object value, TomlPosition keyPosition, TomlPosition valuePosition) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private Origin origin;

    TomlTable(Origin origin) {
        this.origin = origin;
    }

    Origin origin() {
        return origin;
    }

    void defineByHeader() {
        origin = Origin.HEADER;
    }

    Set<String> keySet() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    boolean contains(String key) {
        return entries.containsKey(key);
    }

    /** The value of {@code key}, or null. */
    Object get(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.value();
    }

    /** The entry of {@code key}, or null. */
    Entry entry(String key) {
        return entries.get(key);
    }

    void put(String key, Object value, TomlPosition keyPosition, TomlPosition valuePosition) {
        entries.put(key, new Entry(value, keyPosition, valuePosition));
    }
}
