package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil check} refuses a non-loopback [http] bind without a token and says why. */
class CheckHttpTest {

    @TempDir
    Path dir;

    @Test
    void nonLoopbackBindWithoutTokenIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.toml"), """
                [http]
                listen = "0.0.0.0:9810"

                [services.web]
                command = ["/bin/sleep", "60"]
                """);
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new CheckCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));

        int exit = cli.execute(file.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).startsWith("vigil.toml:2:10: http.listen: is not a loopback address, and there is"
                + " no token_file: anyone who can reach it could read every service's state, events and logs, was"
                + " \"0.0.0.0:9810\" (set token_file = \"PATH\" (create it with `vigil token`)");
    }
}
