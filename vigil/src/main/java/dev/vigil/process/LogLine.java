package dev.vigil.process;

import java.time.Instant;

/**
 * One captured line of a process's output.
 *
 * @param seq the line's number within this process's output, from 1, counting every line
 *            captured (also those no longer in memory), so a reader can resume after a line and
 *            see how many it missed
 */
public record LogLine(long seq, Instant at, Stream stream, String text) {
    public enum Stream { STDOUT, STDERR }
}
