package dev.vigil.config;

import static dev.vigil.config.ConfigFiles.problemLines;
import static dev.vigil.config.ConfigFiles.problems;
import static dev.vigil.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per class of error in services, processes and the file as a whole. */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    @Test
    void unknownKeyIsRejectedWithTheClosestKnownKey() {
        List<String> lines = problemLines(dir, """
                [services.web]
                command = ["/bin/true"]
                restrat = "always"
                """);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith(
                "services.toml:3:1: services.web.restrat: unknown key (did you mean \"restart\"? valid keys here: ");
    }

    @Test
    void unknownKeysAreFoundAtEveryLevel() {
        List<ConfigProblem> problems = problems(write(dir, "services.toml", """
                [deamon]
                [daemon]
                probe_restart_budgt = 1
                [services.web]
                command = ["/bin/true"]
                [services.web.backoff]
                inital = "1s"
                [services.web.probes.p]
                kind = "tcp"
                address = "127.0.0.1:1"
                intervall = "5s"
                """));
        assertThat(problems).extracting(ConfigProblem::field, ConfigProblem::line, ConfigProblem::column)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("deamon", 1, 1),
                        org.assertj.core.groups.Tuple.tuple("daemon.probe_restart_budgt", 3, 1),
                        org.assertj.core.groups.Tuple.tuple("services.web.backoff.inital", 7, 1),
                        org.assertj.core.groups.Tuple.tuple("services.web.probes.p.intervall", 11, 1));
        assertThat(problems).extracting(ConfigProblem::expected).allMatch(e -> e.startsWith("did you mean \""));
        assertThat(problems.get(0).expected()).startsWith("did you mean \"daemon\"?");
        assertThat(problems.get(3).expected()).startsWith("did you mean \"interval\"?");
    }

    @Test
    void serviceInTwoFilesIsADuplicateNamingBothPlaces() {
        write(dir, "a.toml", """
                [services.web]
                command = ["/bin/true"]
                """);
        write(dir, "b.toml", """
                # the same name again
                [services.web]
                command = ["/bin/sleep", "1"]
                """);
        List<ConfigProblem> problems = problems(dir);
        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst().file()).isEqualTo(dir.resolve("b.toml").toAbsolutePath());
        assertThat(problems.getFirst().toString()).isEqualTo(
                "b.toml:2:1: services.web: is declared twice: here and at " + dir.resolve("a.toml").toAbsolutePath()
                        + ":1:1 (declare it in one file only)");
    }

    @Test
    void aDirectoryIsReadInNameOrderAndOnlyItsTomlFiles() {
        write(dir, "b.toml", "[services.second]\ncommand = [\"/bin/true\"]\n");
        write(dir, "a.toml", "[services.first]\ncommand = [\"/bin/true\"]\n");
        write(dir, "notes.txt", "[services.ignored]\n");
        VigilConfig config = ConfigFiles.valid(dir);
        assertThat(config.services()).extracting(ServiceSpec::name).containsExactly("first", "second");
        assertThat(config.sources()).containsExactly(dir.resolve("a.toml").toAbsolutePath(), dir.resolve("b.toml").toAbsolutePath());
    }

    @Test
    void aPathThatDoesNotExistOrAnEmptyDirectoryIsAProblem() throws IOException {
        assertThat(problems(dir.resolve("missing.toml"))).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("does not exist"));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThat(problems(empty)).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("has no .toml files"));
    }

    @ParameterizedTest(name = "interval = {0}")
    @CsvSource(delimiter = '|', value = {
            "'\"-1s\"' | must be >= 100ms, was \"-1s\"",
            "'\"0s\"' | must be >= 100ms, was \"0s\"",
            "'\"2ns\"' | must be >= 100ms, was \"2ns\"",
            "'\"soon\"' | is not a duration, was \"soon\"",
            "'\"5\"' | needs a unit (ns, us, ms, s, m, h), was \"5\"",
            "'\"inf\"' | must be finite, was \"inf\"",
            "'\"10000000000s\"' | must be at most 24h, was \"10000000000s\"",
            "'\"99999999999999999999h\"' | is too large, was \"99999999999999999999h\"",
            "'5' | must be a string, not an integer, was 5",
            "'inf' | must be a string, not a float, was Infinity"})
    void badDurationsSayWhatIsWrongAndWhatIsValid(String value, String complaint) {
        List<String> lines = problemLines(dir, """
                [services.web]
                command = ["/bin/true"]
                [services.web.probes.health]
                kind = "tcp"
                address = "127.0.0.1:8080"
                interval = %s
                """.formatted(value));
        assertThat(lines).containsExactly("services.toml:6:12: services.web.probes.health.interval: " + complaint
                + " (a duration such as \"250ms\", \"5s\", \"2m\", \"1h30m\", >= 100ms and <= 24h)");
    }

    @Test
    void zeroIsFineWhereItMeansSomething() {
        VigilConfig config = ConfigFiles.valid(write(dir, "services.toml", """
                [services.web]
                command = ["/bin/true"]
                [services.web.probes.health]
                kind = "tcp"
                address = "127.0.0.1:8080"
                start_grace = "0s"
                """));
        assertThat(config.services().getFirst().probes().getFirst().startGrace()).isZero();
    }

    @Test
    void commandThatCannotBeExecutedIsRejectedWithTheReason() throws IOException {
        Path notExecutable = write(dir, "script.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> lines = problemLines(dir, """
                [services.a]
                command = ["./script.sh"]
                [services.b]
                command = ["/nonexistent/program", "x"]
                [services.c]
                command = ["no-such-program-on-path"]
                [services.d]
                command = ["/tmp"]
                """);
        String valid = " (an executable: an absolute path, a path relative to cwd, or a program on PATH)";
        assertThat(lines).containsExactly(
                "services.toml:2:12: services.a.command[0]: is not executable (" + notExecutable.toAbsolutePath() + "), was \"./script.sh\"" + valid,
                "services.toml:4:12: services.b.command[0]: does not exist (/nonexistent/program), was \"/nonexistent/program\"" + valid,
                "services.toml:6:12: services.c.command[0]: is not found on PATH (/usr/bin:/bin), was \"no-such-program-on-path\"" + valid,
                "services.toml:8:12: services.d.command[0]: is a directory (/tmp), was \"/tmp\"" + valid);
    }

    @Test
    void relativeCommandIsResolvedAgainstCwdAndBareNamesOnPath() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("app/bin"));
        Path program = write(bin, "serve", "#!/bin/sh\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        VigilConfig config = ConfigFiles.valid(write(dir, "services.toml", """
                [services.app]
                command = ["bin/serve", "--port", "1"]
                cwd = "app"
                [services.tool]
                command = ["sleep", "1"]
                """));
        ProcessSpec app = config.services().get(0).processes().getFirst();
        assertThat(app.command()).containsExactly(program.toAbsolutePath().toString(), "--port", "1");
        assertThat(app.cwd()).contains(bin.getParent().toAbsolutePath());
        assertThat(config.services().get(1).processes().getFirst().command()).containsExactly("sleep", "1");
        assertThat(config.services().get(1).processes().getFirst().cwd()).contains(dir.toAbsolutePath());
    }

    @Test
    void missingOrEmptyCommandIsAnError() {
        List<String> lines = problemLines(dir, """
                [services.a]
                env = { X = "1" }
                [services.b]
                command = []
                [services.c]
                command = [""]
                [services.d]
                command = "/bin/true"
                [services.e.processes.main]
                cwd = "/tmp"
                """);
        String valid = " (an array of strings such as [\"/usr/bin/python3\", \"-m\", \"http.server\"])";
        assertThat(lines).containsExactly(
                "services.toml:1:1: services.a.command: is missing" + valid,
                "services.toml:4:11: services.b.command: must not be empty, was []" + valid,
                "services.toml:6:12: services.c.command[0]: must not be empty, was \"\"" + valid,
                "services.toml:8:11: services.d.command: must be an array of strings, not a string, was \"/bin/true\"" + valid,
                "services.toml:9:1: services.e.processes.main.command: is missing" + valid);
    }

    @Test
    void cwdThatDoesNotExistIsAnError() {
        List<String> lines = problemLines(dir, """
                [services.a]
                command = ["/bin/true"]
                cwd = "nowhere"
                """);
        assertThat(lines).containsExactly("services.toml:3:7: services.a.cwd: does not exist ("
                + dir.toAbsolutePath().resolve("nowhere") + "), was \"nowhere\""
                + " (an existing directory (relative = to the config's directory))");
    }

    @Test
    void shorthandAndProcessTablesTogetherAreAnError() {
        List<String> lines = problemLines(dir, """
                [services.os]
                command = ["/bin/true"]
                stop_timeout = "5s"
                [services.os.processes.server]
                command = ["/bin/true"]
                """);
        assertThat(lines).containsExactly("services.toml:4:1: services.os.processes: cannot be combined with process"
                + " keys directly on the service (command, stop_timeout) (either command = [...] on the service for"
                + " one process, or [services.os.processes.NAME] tables)");
    }

    @Test
    void badEnumValuesListTheValidOnes() {
        List<String> lines = problemLines(dir, """
                [services.a]
                command = ["/bin/true"]
                restart = "on_failure"
                on_degraded = "panic"
                stop_signal = "SIGPANIC"
                """);
        assertThat(lines).containsExactly(
                "services.toml:3:11: services.a.restart: is not a valid choice, was \"on_failure\""
                        + " (did you mean \"on-failure\"? one of \"always\", \"on-failure\", \"never\")",
                "services.toml:4:15: services.a.on_degraded: is not a valid choice, was \"panic\""
                        + " (one of \"restart\", \"warn\")",
                "services.toml:5:15: services.a.stop_signal: is not a signal Vigil sends, was \"SIGPANIC\""
                        + " (a signal name: HUP, INT, QUIT, KILL, USR1, USR2, TERM, CONT, STOP)");
    }

    @Test
    void wrongTomlTypesNameBothTypes() {
        List<String> lines = problemLines(dir, """
                [services.a]
                command = ["/bin/true", 8080]
                autostart = 1
                max_restarts = "5"
                env = { PORT = 8080 }
                [services.a.backoff]
                jitter = "0.1"
                """);
        assertThat(lines).containsExactly(
                "services.toml:2:25: services.a.command[1]: must be a string, not an integer, was 8080"
                        + " (an array of strings such as [\"/usr/bin/python3\", \"-m\", \"http.server\"])",
                "services.toml:3:13: services.a.autostart: must be a boolean, not an integer, was 1 (true or false)",
                "services.toml:4:16: services.a.max_restarts: must be an integer, not a string, was \"5\""
                        + " (an integer from 0 to 10000)",
                "services.toml:5:16: services.a.env.PORT: must be a string, not an integer, was 8080"
                        + " (a table of strings such as { PORT = \"8080\" })",
                "services.toml:7:10: services.a.backoff.jitter: must be a number, not a string, was \"0.1\""
                        + " (a number from 0.0 to 1.0)");
    }

    @Test
    void tomlSyntaxErrorsAreReportedWithTheirPositionAndOtherFilesAreStillChecked() {
        write(dir, "a.toml", """
                [services.web]
                command = ["/bin/true"
                restart =
                """);
        write(dir, "b.toml", """
                [services.db]
                command = ["/bin/true"]
                restart = "sometimes"
                """);
        List<String> lines = problems(dir).stream().map(ConfigProblem::toString).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines.getFirst()).startsWith("a.toml:2:").contains("TOML syntax: ");
        assertThat(lines).last().asString().startsWith("b.toml:3:11: services.db.restart: is not a valid choice");
    }

    @Test
    void invalidNamesAreRejected() {
        List<String> lines = problemLines(dir, """
                [services.Web]
                command = ["/bin/true"]
                [services.os.processes."my proc"]
                command = ["/bin/true"]
                """);
        String valid = " (lower-case letters, digits and _ . - , starting with a letter or digit)";
        assertThat(lines).containsExactly(
                "services.toml:1:1: services.Web: is not a valid name, was \"Web\"" + valid,
                "services.toml:3:1: services.os.processes.\"my proc\": is not a valid name, was \"my proc\"" + valid);
    }

    @Test
    void backoffCeilingBelowItsStartAndAbsurdValuesAreErrors() {
        List<String> lines = problemLines(dir, """
                [services.a]
                command = ["/bin/true"]
                failed_retry = "30d"
                log_max_bytes = "1TiB"
                [services.a.backoff]
                initial = "10s"
                max = "5s"
                multiplier = 1000
                """);
        assertThat(lines).containsExactly(
                "services.toml:3:16: services.a.failed_retry: is not a duration, was \"30d\" (a duration such as"
                        + " \"250ms\", \"5s\", \"2m\", \"1h30m\", >= 1s and <= 168h, or \"never\")",
                "services.toml:4:17: services.a.log_max_bytes: is not a size, was \"1TiB\" (a size such as"
                        + " \"512KiB\", \"10MiB\" or a number of bytes, from 1KiB to 64GiB)",
                "services.toml:7:7: services.a.backoff.max: must be at least initial (10s), was \"5s\" (a ceiling >= initial)",
                "services.toml:8:14: services.a.backoff.multiplier: must be <= 100.0, was 1000 (a number from 1.0 to 100.0)");
    }
}
