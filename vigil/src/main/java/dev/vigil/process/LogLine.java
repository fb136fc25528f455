package dev.vigil.process;

import java.time.Instant;

/** One captured line of a process's output. */
public record LogLine(Instant at, Stream stream, String text) {
    public enum Stream { STDOUT, STDERR }
}
