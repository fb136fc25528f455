package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.process.Cgroups;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out) {}

    private static Run check(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new CheckCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args);
        return new Run(exit, out.toString());
    }

    private Path write(String toml) throws IOException {
        return Files.writeString(dir.resolve("services.toml"), toml);
    }

    @Test
    void validConfigPrintsASummaryAndExitsZero() {
        Run run = check("../examples/reference.toml");
        assertThat(run.exit()).isZero();
        // 9 probes written, and the memory probe that os.ui's restart_on_memory adds; then the note on
        // its memory_max/cpu_max, present where this machine cannot enforce them.
        List<String> expected = new ArrayList<>(List.of("valid: 2 services, 3 processes, 10 probes in 1 file"));
        expected.addAll(uiNotes());
        assertThat(run.out().lines()).containsExactlyElementsOf(expected);
    }

    @Test
    void invalidConfigPrintsEveryProblemOnePerLineAndExitsOne() throws IOException {
        Path file = write("""
                [services.web]
                command = ["/bin/true"]
                restart = "sometimes"
                autostrat = false
                """);
        Run run = check(file.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(
                "services.toml:3:11: services.web.restart: is not a valid choice, was \"sometimes\" (one of \"always\","
                        + " \"on-failure\", \"never\")",
                "services.toml:4:1: services.web.autostrat: unknown key (did you mean \"autostart\"? valid keys here:"
                        + " restart, autostart, critical, ready_gate, max_restarts, period, failed_retry, on_degraded, backoff, command, env,"
                        + " cwd, stop_signal, stop_timeout, type, start_timeout, watchdog, notify_access, jvm,"
                        + " log_max_bytes, log_backups, log_tail_lines, user, group, env_file, clear_env, umask, stdin, rlimits, memory_max, cpu_max, restart_on_memory, processes, probes, restart_after, depends_on, restart_dependents)");
    }

    @Test
    void jsonListsEveryProblemWithItsParts() throws IOException {
        Path file = write("""
                [services.web]
                command = ["/bin/true"]
                period = "-1s"
                """);
        Run run = check("--json", file.toString());
        assertThat(run.exit()).isEqualTo(1);
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.get("valid").asBoolean()).isFalse();
        assertThat(root.get("problems")).hasSize(1);
        JsonNode problem = root.get("problems").get(0);
        assertThat(problem.get("file").asText()).isEqualTo(file.toAbsolutePath().toString());
        assertThat(problem.get("line").asInt()).isEqualTo(3);
        assertThat(problem.get("column").asInt()).isEqualTo(10);
        assertThat(problem.get("field").asText()).isEqualTo("services.web.period");
        assertThat(problem.get("value").asText()).isEqualTo("\"-1s\"");
        assertThat(problem.get("message").asText()).isEqualTo("must be >= 1s");
        assertThat(problem.get("expected").asText()).startsWith("a duration such as");
    }

    @Test
    void jsonForAValidConfig() throws IOException {
        Run run = check("--json", "../examples/reference.toml");
        assertThat(run.exit()).isZero();
        StringBuilder notes = new StringBuilder();
        for (String note : uiNotes()) {
            notes.append(notes.isEmpty() ? "" : ",").append(new ObjectMapper().writeValueAsString(note));
        }
        assertThat(run.out().strip()).isEqualTo("{\"valid\":true,\"problems\":[],\"notes\":[" + notes + "]}");
    }

    /** What check says of os.ui's cgroup limits on this machine: one note where they are not enforced, none where they are. */
    private static List<String> uiNotes() {
        return switch (Cgroups.detect()) {
            case Cgroups.Availability.Unavailable u -> List.of("note: services.os process ui: memory_max 512MiB and cpu_max 50%"
                    + " NOT enforced: " + u.reason() + " (as seen by vigil check; vigil status os says what the daemon found)");
            case Cgroups.Availability.Available a -> List.of();
        };
    }

    @Test
    void helpShowsTheExample() {
        Run run = check("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: check", "vigil check /etc/vigil/", "Exit status: 0 valid, 1 invalid.");
    }

    @Test
    void badBytesAndOversizedFilesAreOneLineEachNeverAStackTrace() throws IOException {
        Path bad = Files.write(dir.resolve("bad.toml"), new byte[] {'a', ' ', '=', ' ', '"', (byte) 0xc3, '"', '\n'});
        Run run = check(bad.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(
                "bad.toml:1:6: TOML syntax: byte 0xc3 is not valid UTF-8 (a file encoded in UTF-8)");

        Path device = Path.of("/dev/zero");
        Run special = check(device.toString());
        assertThat(special.exit()).isEqualTo(1);
        assertThat(special.out().lines()).containsExactly(
                "zero: is not a regular file (a .toml file or a directory of them)");
    }
}
