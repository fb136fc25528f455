package dev.vigil.api;

import java.util.List;

/**
 * Result of {@code vigil.logs}.
 *
 * @param lines   oldest first
 * @param cursor  pass as {@code after} to get only lines newer than these; equals the
 *                request's {@code after} (or the current end) when there are no new lines
 * @param dropped lines between {@code after} and the first returned line that are no longer in
 *                the daemon's memory (rotated out); 0 when none were lost
 */
@Doc("A page of captured output")
public record LogPage(
        @Doc("lines, oldest first") List<LogEntry> lines,
        @Doc("pass as 'after' to get only newer lines") long cursor,
        @Doc("lines after 'after' no longer available") long dropped) {
    public LogPage {
        lines = List.copyOf(lines);
    }
}
