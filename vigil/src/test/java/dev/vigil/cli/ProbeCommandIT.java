package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil probe} against nothing and against a real command: exit codes as a HEALTHCHECK sees them. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProbeCommandIT {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ProbeCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void missingUnixSocketFails() {
        Path socket = dir.resolve("ui.sock");
        assertThat(run("unix:" + socket, "--http", "/health", "--timeout", "500ms")).isEqualTo(1);
        assertThat(out.toString()).startsWith("failed: connect refused (unix:" + socket + "): socket file missing");
    }

    @Test
    void execProbes() {
        assertThat(run("exec:true")).isZero();
        assertThat(run("exec:false")).isEqualTo(1);
        assertThat(run("exec:no-such-binary-vigil")).isEqualTo(2);
    }
}
