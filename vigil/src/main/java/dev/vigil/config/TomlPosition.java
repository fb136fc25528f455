package dev.vigil.config;

/** A 1-based line and column (in code points) in a TOML text. */
record TomlPosition(int line, int column) {

    static final TomlPosition START = new TomlPosition(1, 1);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
