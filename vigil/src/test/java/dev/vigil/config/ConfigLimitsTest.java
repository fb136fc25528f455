package dev.vigil.config;

import static dev.vigil.config.ConfigFiles.problemLines;
import static dev.vigil.config.ConfigFiles.problems;
import static dev.vigil.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that is too big, too deep, not UTF-8, or absurdly fast is refused with one clear line
 * (file:line:column where there is a position), never a stack trace and never unbounded work.
 */
class ConfigLimitsTest {

    /** Generous: these must finish at all; their speed is measured in bench/, not asserted here. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void runsOfCommentAndBlankLinesParseInBoundedTime() {
        StringBuilder toml = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            toml.append(i % 3 == 0 ? "\n" : "# comment line " + i + " with some words to make it longer\n");
        }
        toml.append("[services.web]\ncommand = [\"/bin/true\"]\n");
        Path file = write(dir, "services.toml", toml.toString());
        VigilConfig config = assertTimeoutPreemptively(BOUND, () -> ConfigFiles.valid(file));
        assertThat(config.services().getFirst().source().line()).isEqualTo(10_001);
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedWithoutParsingIt() throws IOException {
        Path file = dir.resolve("big.toml");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] line = "# padding padding padding padding padding padding padding padding\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written <= ConfigLimits.MAX_FILE_BYTES; written += line.length) {
                out.write(line);
            }
        }
        List<ConfigProblem> problems = assertTimeoutPreemptively(BOUND, () -> problems(file));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isZero();
            assertThat(p.toString()).startsWith("big.toml: is larger than 4MiB (").contains("bytes")
                    .endsWith("(a config file of at most 4MiB; split services over several files in a directory)");
        });
    }

    @Test
    void tooManyServicesAreRefusedWithTheLimit() {
        StringBuilder toml = new StringBuilder();
        for (int i = 0; i <= ConfigLimits.MAX_SERVICES; i++) {
            toml.append("[services.s").append(i).append("]\ncommand = [\"/bin/true\"]\n");
        }
        List<ConfigProblem> problems = assertTimeoutPreemptively(BOUND,
                () -> problems(write(dir, "services.toml", toml.toString())));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.toString())
                .isEqualTo("services.toml:" + (2 * ConfigLimits.MAX_SERVICES + 1) + ":1: services.s"
                        + ConfigLimits.MAX_SERVICES + ": is one service too many (at most " + ConfigLimits.MAX_SERVICES
                        + " services in all files)"));
    }

    @Test
    void tooManyFilesInADirectoryAreRefused() {
        for (int i = 0; i <= ConfigLimits.MAX_FILES; i++) {
            write(dir, "f" + i + ".toml", "");
        }
        assertThat(problems(dir)).singleElement().satisfies(p -> assertThat(p.toString())
                .isEqualTo(dir.getFileName() + ": has more than " + ConfigLimits.MAX_FILES + " .toml files (at most "
                        + ConfigLimits.MAX_FILES + ")"));
    }

    @Test
    void allFilesOfADirectoryTogetherHaveASizeLimit() throws IOException {
        byte[] line = "# padding padding padding padding padding padding padding padding\n"
                .getBytes(StandardCharsets.US_ASCII);
        long perFile = ConfigLimits.MAX_FILE_BYTES - line.length;
        int files = (int) (ConfigLimits.MAX_TOTAL_BYTES / perFile) + 1;
        for (int f = 0; f < files; f++) {
            try (OutputStream out = Files.newOutputStream(dir.resolve("f" + f + ".toml"))) {
                for (long written = 0; written + line.length <= perFile; written += line.length) {
                    out.write(line);
                }
            }
        }
        List<ConfigProblem> problems = assertTimeoutPreemptively(BOUND, () -> problems(dir));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.toString())
                .startsWith("f" + (files - 1) + ".toml: brings the config over 16MiB in all files"));
    }

    @Test
    void theListOfProblemsIsCappedWithACountOfTheRest() {
        StringBuilder toml = new StringBuilder("[services.web]\ncommand = [\"/bin/true\"]\n");
        for (int i = 0; i < ConfigLimits.MAX_PROBLEMS + 200; i++) {
            toml.append("unknown").append(i).append(" = 1\n");
        }
        List<ConfigProblem> problems = problems(write(dir, "services.toml", toml.toString()));
        assertThat(problems).hasSize(ConfigLimits.MAX_PROBLEMS + 1);
        assertThat(problems.getLast().toString())
                .isEqualTo("services.toml: 200 more problems not listed (fix the ones above first)");
    }

    @Test
    void aByteThatIsNotUtf8IsReportedAtItsLineAndColumn() throws IOException {
        Path file = dir.resolve("services.toml");
        byte[] head = "[services.web]\ncommand = [\"/bin/tr".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "ue\"]\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xff;
        System.arraycopy(tail, 0, all, head.length + 1, tail.length);
        Files.write(file, all);
        assertThat(problems(file)).extracting(ConfigProblem::toString).containsExactly(
                "services.toml:2:20: TOML syntax: byte 0xff is not valid UTF-8 (a file encoded in UTF-8)");
    }

    @Test
    void aUtf8ByteOrderMarkIsNotContentAndColumnsCountCharactersNotBytes() throws IOException {
        Path file = dir.resolve("services.toml");
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] text = "[services.web]\ncommand = [\"/bin/true\"]\nrestart = \"\u00e9t\u00e9\"\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(text, 0, all, bom.length, text.length);
        Files.write(file, all);
        assertThat(problems(file)).extracting(ConfigProblem::toString).singleElement().asString()
                .startsWith("services.toml:3:11: services.web.restart: is not a valid choice, was \"\u00e9t\u00e9\"");
        Files.write(file, "# \u00e9\u00e9\u00e9 \u00ff\n".getBytes(StandardCharsets.UTF_8));
        Files.write(file, new byte[] {(byte) 0xff}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(problems(file)).extracting(ConfigProblem::toString).containsExactly(
                "services.toml:2:1: TOML syntax: byte 0xff is not valid UTF-8 (a file encoded in UTF-8)");
    }

    @Test
    void deepNestingIsAnErrorAtItsPositionNotAStackOverflow() {
        String toml = "x = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        List<String> lines = assertTimeoutPreemptively(BOUND, () -> problemLines(dir, toml));
        assertThat(lines).singleElement().asString()
                .startsWith("services.toml:1:" + (5 + ConfigLimits.MAX_NESTING) + ": TOML syntax: ")
                .contains("nested more than " + ConfigLimits.MAX_NESTING + " deep");
    }

    @Test
    void absurdlyShortProbeIntervalsAndTimeoutsAreRefused() {
        List<String> lines = problemLines(dir, """
                [services.web]
                command = ["/bin/true"]
                [services.web.probes.health]
                kind = "tcp"
                address = "127.0.0.1:8080"
                interval = "2ns"
                timeout = "1ms"
                """);
        assertThat(lines).containsExactly(
                "services.toml:6:12: services.web.probes.health.interval: must be >= 100ms, was \"2ns\""
                        + " (a duration such as \"250ms\", \"5s\", \"2m\", \"1h30m\", >= 100ms and <= 24h)",
                "services.toml:7:11: services.web.probes.health.timeout: must be >= 10ms, was \"1ms\""
                        + " (a duration such as \"250ms\", \"5s\", \"2m\", \"1h30m\", >= 10ms and <= 1h)");
    }

    @Test
    void aTimeoutEqualToTheIntervalIsAllowedAsMonitAndKubernetesDo() {
        VigilConfig config = ConfigFiles.valid(write(dir, "services.toml", """
                [services.web]
                command = ["/bin/true"]
                [services.web.probes.health]
                kind = "tcp"
                address = "127.0.0.1:8080"
                interval = "1s"
                timeout = "1s"
                """));
        ProbeSpec probe = config.services().getFirst().probes().getFirst();
        assertThat(probe.timeout()).isEqualTo(probe.interval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void otherDurationsThatWouldSpinHaveFloorsToo() {
        List<String> lines = problemLines(dir, """
                [daemon]
                probe_restart_period = "1ms"
                [services.web]
                command = ["/bin/true"]
                period = "1us"
                failed_retry = "1ms"
                watchdog = "1ms"
                start_timeout = "1ms"
                [services.web.backoff]
                initial = "1ns"
                reset_after = "1ms"
                """);
        assertThat(lines).extracting(l -> l.substring(0, l.indexOf(", was")))
                .containsExactly(
                        "services.toml:2:24: daemon.probe_restart_period: must be >= 1s",
                        "services.toml:5:10: services.web.period: must be >= 1s",
                        "services.toml:6:16: services.web.failed_retry: must be >= 1s",
                        "services.toml:7:12: services.web.watchdog: must be >= 100ms",
                        "services.toml:8:17: services.web.start_timeout: must be >= 100ms",
                        "services.toml:10:11: services.web.backoff.initial: must be >= 10ms",
                        "services.toml:11:15: services.web.backoff.reset_after: must be >= 1s");
    }
}
