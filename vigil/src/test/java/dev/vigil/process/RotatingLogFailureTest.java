package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log whose writes fail with a real ENOSPC: the log's file is opened on {@code /dev/full} until
 * the test lets it open the regular file ("space returns"). (A symlink to {@code /dev/full} would
 * be refused: the state dir's files are never followed through links.) Retries are driven by a
 * fake clock.
 */
class RotatingLogFailureTest {
    private static final byte[] PREFIX = "T out ".getBytes(StandardCharsets.US_ASCII);
    @TempDir
    Path dir;
    private final AtomicLong nanos = new AtomicLong();
    private final List<String> heard = new ArrayList<>();
    private final LogFileProblems problems = new LogFileProblems() {
        @Override
        public void failed(Path file, IOException error) {
            heard.add("failed: " + error.getMessage());
        }

        @Override
        public void resumed(Path file, long lostLines, long lostBytes, Duration failedFor) {
            heard.add("resumed: " + lostLines + " lines, " + lostBytes + " bytes, " + failedFor.toMillis() + " ms");
        }
    };

    private static void write(RotatingLog log, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        log.append(PREFIX, data, new int[] {0}, new int[] {data.length}, 1);
    }

    @Test
    void aFullDiskIsReportedOnceCountedAndLoggingResumesWhenSpaceReturns() throws Exception {
        Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs /dev/full");
        Path file = dir.resolve("p.log");
        AtomicBoolean diskFull = new AtomicBoolean(true);
        RotatingLog.Opener opener = path -> diskFull.get()
                ? FileChannel.open(Path.of("/dev/full"), StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try (RotatingLog log = new RotatingLog(file, 1L << 20, 1, problems, nanos::get, opener)) {
            for (int i = 0; i < 5; i++) {
                write(log, "lost" + i);   // each record is "T out lostN\n": 12 bytes
            }
            assertThat(heard).hasSize(1);
            assertThat(heard.getFirst()).startsWith("failed: ").containsIgnoringCase("space");

            diskFull.set(false);   // space returns
            write(log, "early");   // within the retry interval: not tried, counted
            assertThat(heard).hasSize(1);

            nanos.addAndGet(RotatingLog.RETRY_EVERY.toNanos());
            write(log, "back");
            assertThat(heard).containsExactly(heard.getFirst(), "resumed: 6 lines, 72 bytes, 1000 ms");
        }

        assertThat(Files.readAllLines(file)).containsExactly(
                "T out [vigil: 6 lines (72 bytes) lost: writing this log failed for 1000 ms: No space left on device]",
                "T out back");
    }
}
