package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogTest {
    private static final byte[] PREFIX = "T out ".getBytes(StandardCharsets.US_ASCII);
    @TempDir
    Path dir;

    private static void write(RotatingLog log, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        log.append(PREFIX, data, new int[] {0}, new int[] {data.length}, 1);
    }

    @Test
    void rotatesBetweenLinesAndDropsTheOldestBackup() throws Exception {
        Path file = dir.resolve("p.log");
        // Each record is "T out xN\n" = 9 bytes; 20 bytes hold two.
        try (RotatingLog log = new RotatingLog(file, 20, 2)) {
            for (int i = 1; i <= 7; i++) {
                write(log, "x" + i);
            }
        }

        assertThat(Files.readString(file)).isEqualTo("T out x7\n");
        assertThat(Files.readString(dir.resolve("p.log.1"))).isEqualTo("T out x5\nT out x6\n");
        assertThat(Files.readString(dir.resolve("p.log.2"))).isEqualTo("T out x3\nT out x4\n");
        assertThat(dir.resolve("p.log.3")).doesNotExist();
    }

    @Test
    void withoutBackupsTheFileStartsOver() throws Exception {
        Path file = dir.resolve("p.log");
        try (RotatingLog log = new RotatingLog(file, 10, 0)) {
            write(log, "a1");
            write(log, "a2");
        }

        assertThat(Files.readString(file)).isEqualTo("T out a2\n");
        assertThat(dir.resolve("p.log.1")).doesNotExist();
    }

    @Test
    void appendsToWhatAnEarlierRunLeftAndCountsItsSize() throws Exception {
        Path file = dir.resolve("p.log");
        Files.writeString(file, "T out old\n");
        try (RotatingLog log = new RotatingLog(file, 20, 1)) {
            write(log, "n1");
            write(log, "n2");
        }

        assertThat(Files.readString(dir.resolve("p.log.1"))).isEqualTo("T out old\nT out n1\n");
        assertThat(Files.readString(file)).isEqualTo("T out n2\n");
    }

    @Test
    void aLineLongerThanTheLimitStillGetsWrittenWhole() throws Exception {
        Path file = dir.resolve("p.log");
        String big = "y".repeat(100);
        try (RotatingLog log = new RotatingLog(file, 20, 1)) {
            write(log, big);
        }

        assertThat(Files.readString(file)).isEqualTo("T out " + big + "\n");
    }
}
