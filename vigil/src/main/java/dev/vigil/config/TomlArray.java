package dev.vigil.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A TOML array with the position of each element. An array of tables ({@code [[name]]}) is one too,
 * marked so that a later {@code [[name]]} may append to it and nothing else may.
 */
final class TomlArray {

    private final List<Object> values = new ArrayList<>();
    private final List<TomlPosition> positions = new ArrayList<>();
    private final boolean ofTables;

    TomlArray(boolean ofTables) {
        this.ofTables = ofTables;
    }

    boolean ofTables() {
        return ofTables;
    }

    void add(Object value, TomlPosition position) {
        values.add(value);
        positions.add(position);
    }

    int size() {
        return values.size();
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    Object get(int i) {
        return values.get(i);
    }

    Object last() {
        return values.getLast();
    }

    /** Where element {@code i} starts. */
    TomlPosition positionOf(int i) {
        return positions.get(i);
    }
}
