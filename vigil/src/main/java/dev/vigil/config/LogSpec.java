package dev.vigil.config;

/**
 * Log capture of one process.
 *
 * @param maxBytes  rotate the log file once it would exceed this (default 10 MiB)
 * @param backups   rotated files kept: {@code NAME.log.1 .. NAME.log.N} (default 3)
 * @param tailLines lines kept in memory for fast {@code vigil logs} (default 1000)
 */
public record LogSpec(long maxBytes, int backups, int tailLines) {
    public static LogSpec defaults() {
        return new LogSpec(10L * 1024 * 1024, 3, 1000);
    }
}
