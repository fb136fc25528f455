package dev.vigil.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Told when writing a process's log file starts failing (disk full, I/O error) and when it works
 * again: once per episode, not per line. Called on the capture thread: must not block.
 */
interface LogFileProblems {
    LogFileProblems IGNORE = new LogFileProblems() {
        @Override
        public void failed(Path file, IOException error) {
        }

        @Override
        public void resumed(Path file, long lostLines, long lostBytes, Duration failedFor) {
        }
    };

    /** Writing {@code file} failed; lines are lost (and counted) until it works again. */
    void failed(Path file, IOException error);

    /** Writing works again; {@code lostLines} lines of {@code lostBytes} bytes were not written. */
    void resumed(Path file, long lostLines, long lostBytes, Duration failedFor);
}
