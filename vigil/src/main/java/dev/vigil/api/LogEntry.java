package dev.vigil.api;

import java.time.Instant;

/** One captured output line. */
@Doc("One captured output line")
public record LogEntry(
        @Doc("position in the service's log sequence, strictly increasing; the cursor for 'after'") long seq,
        @Doc("when the line was captured") Instant at,
        @Doc("stdout or stderr") String stream,
        @Doc("the line without its newline") String text,
        @Doc("the process that wrote it") String process) {
}
