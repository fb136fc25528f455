package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The fast path's reading of {@code daemon} and {@code run} command lines equals picocli's, and
 * everything it does not read exactly is left to picocli (the client commands are compared by
 * their output in {@link CliIT}). Nothing is started: commands are built, not called.
 */
class FastPathTest {

    private final CliEnvironment env = new CliEnvironment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            false, Map.of(), Clock.systemUTC(), d -> false);

    @Test
    void daemonCommandLinesAreReadAsPicocliReadsThem() {
        for (List<String> line : List.of(
                List.of("daemon", "--config", "a.toml"),
                List.of("daemon", "-c", "conf.d"),
                List.of("daemon", "--config=a.toml", "--state-dir=/tmp/s"),
                List.of("--state-dir", "/tmp/s", "daemon", "--config", "a.toml"),
                List.of("daemon", "--state-dir", "/tmp/s", "-c=a.toml"))) {
            String[] argv = line.toArray(String[]::new);
            DaemonCommand fast = (DaemonCommand) fast(argv);
            DaemonCommand slow = (DaemonCommand) picocli(argv);
            assertThat(fast.config).as(line.toString()).isEqualTo(slow.config).isNotNull();
            assertThat(fast.main.explicitStateDir()).as(line.toString()).isEqualTo(slow.main.explicitStateDir());
        }
    }

    @Test
    void runCommandLinesAreReadAsPicocliReadsThem() {
        for (List<String> line : List.of(
                List.of("run", "--config", "/etc/vigil"),
                List.of("run", "-c", "a.toml", "--log-format", "json", "--exit-on-failed"),
                List.of("run", "--exit-on-failed", "--config=a.toml", "--log-format=prefix", "--state-dir", "/tmp/s"))) {
            String[] argv = line.toArray(String[]::new);
            RunCommand fast = (RunCommand) fast(argv);
            RunCommand slow = (RunCommand) picocli(argv);
            assertThat(fast.config).as(line.toString()).isEqualTo(slow.config).isNotNull();
            assertThat(fast.logFormat).as(line.toString()).isEqualTo(slow.logFormat);
            assertThat(fast.exitOnFailed).as(line.toString()).isEqualTo(slow.exitOnFailed);
            assertThat(fast.main.explicitStateDir()).as(line.toString()).isEqualTo(slow.main.explicitStateDir());
        }
        assertThat(((RunCommand) fast(new String[] {"run", "-c", "x", "--exit-on-failed"})).exitOnFailed).isTrue();
        assertThat(((RunCommand) fast(new String[] {"--state-dir", "/s", "run", "-c", "x"})).main.explicitStateDir())
                .isEqualTo(Path.of("/s"));
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        for (List<String> line : List.of(
                List.of("daemon"),
                List.of("daemon", "--config"),
                List.of("daemon", "--config", "a", "--config", "b"),
                List.of("daemon", "--config", "a", "--help"),
                List.of("daemon", "--config", "a", "--json"),
                List.of("daemon", "--config", "a", "--exit-on-failed"),
                List.of("daemon", "--config", "a", "--log-format", "json"),
                List.of("daemon", "--config", "a", "extra"),
                List.of("--socket", "/s.sock", "daemon", "--config", "a"),
                List.of("--timeout", "5s", "run", "--config", "a"),
                List.of("run", "-ca.toml"),
                List.of("run", "--config="),
                List.of("list", "--config", "a"),
                List.of("status", "web", "--exit-on-failed"),
                List.of("list", "--json", "--json"),
                List.of("logs", "web"))) {
            assertThat(FastPath.command(env, line.toArray(String[]::new))).as(line.toString()).isEmpty();
        }
    }

    @Test
    void anExceptionNoCommandReportsIsOneLineAndExit70() {
        StringWriter err = new StringWriter();
        CliEnvironment errEnv = new CliEnvironment(new PrintWriter(new StringWriter()), new PrintWriter(err), false, Map.of(),
                Clock.systemUTC(), d -> false);
        int code = Main.unexpected(errEnv, new IllegalStateException("the store is closed"));
        assertThat(code).isEqualTo(70);
        assertThat(err.toString()).isEqualTo("vigil: unexpected error: IllegalStateException: the store is closed" + System.lineSeparator());
    }

    private Callable<Integer> fast(String[] argv) {
        return FastPath.command(env, argv).orElseThrow(() -> new AssertionError("not taken: " + List.of(argv)));
    }

    private static Object picocli(String[] argv) {
        CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(argv);
        return parsed.subcommand().commandSpec().userObject();
    }
}
