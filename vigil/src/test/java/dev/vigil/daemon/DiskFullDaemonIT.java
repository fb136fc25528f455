package dev.vigil.daemon;

import static dev.vigil.daemon.NotifyPeers.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.store.SmallTmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon with its state directory on a real, small tmpfs that the test fills: supervision
 * goes on, what is not recorded is said in one line (no stack trace), and recording resumes when
 * space returns.
 */
class DiskFullDaemonIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    private SmallTmpfs disk;
    private DaemonHarness daemon;

    @BeforeEach
    void mount() throws Exception {
        disk = SmallTmpfs.mount(dir.resolve("disk"), 8_192);
        Files.createDirectory(disk.path().resolve("state"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            DaemonHarness.closeLeavingNothing(daemon);
        } finally {
            disk.close();
        }
    }

    private Path config() throws Exception {
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [services.quiet]
                command = ["/bin/sleep", "100000"]

                [services.quiet.backoff]
                initial = "200ms"
                jitter = 0.0
                """);
        return config;
    }

    private static Predicate<JsonNode> type(String type) {
        return node -> type.equals(node.path("event").asText());
    }

    private void assertNoStackTrace() {
        assertThat(daemon.stderr()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @Test
    void aServiceThatCrashesOnAFullDiskIsRestartedAndRecordingResumesWhenSpaceReturns() throws Exception {
        daemon = DaemonHarness.start(config(), disk.path());
        JsonNode first = daemon.awaitEvent(event("process_started", "quiet"), WAIT);
        daemon.awaitEvent(type("daemon_started"), WAIT);

        disk.fill();
        int mark = daemon.eventCount();
        ProcessHandle.of(first.path("pid").asLong()).orElseThrow().destroyForcibly();

        JsonNode again = daemon.awaitEvent(mark, event("process_started", "quiet"), WAIT);
        assertThat(again.path("pid").asLong()).isNotEqualTo(first.path("pid").asLong());
        // Its registry row could not be written: said as one typed line, counted, with SQLite's reason.
        JsonNode notRecorded = daemon.awaitEvent(mark, node -> node.path("event").asText().endsWith("_not_recorded"), WAIT);
        assertThat(notRecorded.path("level").asText()).isEqualTo("warn");
        assertThat(notRecorded.path("reason").asText()).containsIgnoringCase("full");
        assertThat(daemon.cli("list").stdout()).contains("running");

        disk.free();
        daemon.awaitEvent(mark, type(notRecorded.path("event").asText().replace("_not_recorded", "_recording_resumed")),
                WAIT);
        // What happened while the disk was full reached the history after all.
        long restartedPid = again.path("pid").asLong();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> history(daemon).stream().anyMatch(
                e -> e.path("type").asText().equals("process_started")
                        && e.path("fields").path("pid").asLong() == restartedPid));
        assertNoStackTrace();
        assertThat(daemon.terminate(WAIT)).isZero();
    }

    @Test
    void theDaemonStartsOnAFullDiskSaysSoInOneLineAndRecordsOnceThereIsSpace() throws Exception {
        disk.fill();
        daemon = DaemonHarness.start(config(), disk.path());

        daemon.awaitEvent(event("process_started", "quiet"), WAIT);
        daemon.awaitEvent(type("daemon_started"), WAIT);
        assertThat(daemon.cli("list").stdout()).contains("quiet");
        List<String> said = daemon.stderr().lines().filter(l -> l.contains("history is not being recorded")).toList();
        assertThat(said).hasSize(1);
        assertThat(said.getFirst()).contains("vigil.db");
        assertNoStackTrace();
        DaemonHarness.CliResult events = daemon.cli("events");
        assertThat(events.exitCode()).isNotZero();
        assertThat(events.stderr()).contains("event history is not available").doesNotContain("\tat ");

        disk.free();
        daemon.awaitEvent(type("events_recording_resumed"), WAIT);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> history(daemon).stream()
                .anyMatch(e -> e.path("type").asText().equals("daemon_started")));
        assertNoStackTrace();
        assertThat(daemon.terminate(WAIT)).isZero();
    }

    private static List<JsonNode> history(DaemonHarness daemon) throws Exception {
        DaemonHarness.CliResult result = daemon.cli("events", "--json", "--limit", "1000");
        if (result.exitCode() != 0) {
            return List.of();
        }
        List<JsonNode> rows = new java.util.ArrayList<>();
        result.json().path("events").forEach(rows::add);
        return rows;
    }
}
