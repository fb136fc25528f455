package dev.vigil.config;

/**
 * The most a configuration may ask of the loader, so that bad input costs bounded memory and time.
 * Documented in docs/CONFIG.md ("Limits"); each is far above what a machine's services need.
 */
final class ConfigLimits {

    /** Bytes of one file; larger files are refused before they are read. */
    static final long MAX_FILE_BYTES = 4L << 20;
    /** Bytes of all files of a directory together. */
    static final long MAX_TOTAL_BYTES = 16L << 20;
    /** {@code *.toml} files in a config directory. */
    static final int MAX_FILES = 256;
    /** Services in all files together. */
    static final int MAX_SERVICES = 10_000;
    /** Arrays and inline tables inside each other. */
    static final int MAX_NESTING = 32;
    /** Problems listed; past this many, one line says how many more there were. */
    static final int MAX_PROBLEMS = 1_000;

    private ConfigLimits() {
    }
}
