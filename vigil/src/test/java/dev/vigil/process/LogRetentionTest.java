package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** log_retention over real files whose ages are set; "now" is a fixed instant, not the wall clock. */
class LogRetentionTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration KEEP = Duration.ofDays(14);
    @TempDir
    Path root;

    @BeforeEach
    void layout() throws Exception {
        file("web/web.log", 30);          // current log of a configured service: kept however old
        file("web/web.log.1", 15);        // rotated, older than 14d: removed
        file("web/web.log.2", 13);        // rotated, younger: kept
        file("web/notes.txt", 100);       // not a Vigil log: never touched
        file("gone/gone.log", 20);        // service removed from the config, old: removed with its directory
        file("gone/gone.log.1", 21);
        file("recent/recent.log", 1);     // removed service, written recently: kept for now
    }

    @Test
    void removesOldRotatedLogsAndOldLogsOfRemovedServicesOnly() {
        LogRetention.Sweep sweep = LogRetention.sweep(root, new LogRetention.Policy(Set.of("web"), Optional.of(KEEP)), NOW);

        assertThat(sweep).isEqualTo(new LogRetention.Sweep(3, 1, Optional.empty()));
        assertThat(root.resolve("web/web.log")).exists();
        assertThat(root.resolve("web/web.log.1")).doesNotExist();
        assertThat(root.resolve("web/web.log.2")).exists();
        assertThat(root.resolve("web/notes.txt")).exists();
        assertThat(root.resolve("gone")).doesNotExist();
        assertThat(root.resolve("recent/recent.log")).exists();
    }

    @Test
    void theSameFilesGoOnceTimePassesTheirRetention() {
        LogRetention.Policy policy = new LogRetention.Policy(Set.of("web"), Optional.of(KEEP));
        LogRetention.sweep(root, policy, NOW);

        LogRetention.Sweep later = LogRetention.sweep(root, policy, NOW.plus(Duration.ofDays(14)));

        assertThat(later).isEqualTo(new LogRetention.Sweep(2, 1, Optional.empty()));
        assertThat(root.resolve("web/web.log.2")).doesNotExist();
        assertThat(root.resolve("recent")).doesNotExist();
        assertThat(root.resolve("web/web.log")).exists();
    }

    @Test
    void withoutRetentionNothingIsRemoved() {
        assertThat(LogRetention.sweep(root, new LogRetention.Policy(Set.of(), Optional.empty()), NOW))
                .isEqualTo(new LogRetention.Sweep(0, 0, Optional.empty()));
        assertThat(root.resolve("gone/gone.log")).exists();
    }

    @Test
    void aMissingLogRootIsNoProblem() {
        assertThat(LogRetention.sweep(root.resolve("none"), new LogRetention.Policy(Set.of(), Optional.of(KEEP)), NOW))
                .isEqualTo(new LogRetention.Sweep(0, 0, Optional.empty()));
    }

    private void file(String relative, int daysOld) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x\n");
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(Duration.ofDays(daysOld))));
    }
}
