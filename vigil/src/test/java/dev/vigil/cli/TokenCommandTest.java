package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.time.Clock;
import java.util.Map;

class TokenCommandTest {

    @TempDir
    Path dir;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        CliEnvironment env = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(out, true), false, Map.of(),
                Clock.systemUTC(), d -> true);
        assertThat(Main.runWithPicocli(env, args)).as(out.toString()).isZero();
        return out.toString().strip();
    }

    @Test
    void createsAnOwnerOnlyTokenInTheStateDirOnceAndLeavesItAlone() throws Exception {
        Path state = dir.resolve("state");
        Path token = state.resolve("http.token");

        assertThat(run("--state-dir", state.toString(), "token")).isEqualTo("created " + token);
        String secret = Files.readString(token);
        assertThat(secret.strip()).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");

        assertThat(run("--state-dir", state.toString(), "token")).isEqualTo("exists " + token);
        assertThat(Files.readString(token)).isEqualTo(secret);
    }

    @Test
    void writesWhereFileSays() throws Exception {
        Path file = dir.resolve("elsewhere/api.token");
        assertThat(run("token", "--file", file.toString())).isEqualTo("created " + file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
