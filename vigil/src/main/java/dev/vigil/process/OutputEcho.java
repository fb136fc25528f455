package dev.vigil.process;

import java.time.Instant;

/**
 * Hears every captured output line of every process, in addition to its log file and tail:
 * {@code vigil run} copies them to the container's stdout/stderr. Called on the capture thread,
 * so an implementation must never block (queue and drop, never wait on a stream).
 */
@FunctionalInterface
public interface OutputEcho {
    /** Nothing is echoed (the lines are not even decoded for it). */
    OutputEcho NONE = (service, process, stream, at, line) -> { };

    /** One line, without its line break; a cut line arrives with its truncation mark. */
    void line(String service, String process, LogLine.Stream stream, Instant at, String line);
}
