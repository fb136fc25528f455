package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the shell tests in src/test/sh (they print "ok: ..." or "FAIL: ..." per check and
 * "all passed" at the end, see checks.sh) against the checkout's bin/, and fails with the script's
 * whole output unless it exits 0 within two minutes and no check failed.
 */
final class ShellChecks {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private ShellChecks() {
    }

    /** The script's output, once it passed. */
    static String run(String script, Path workDir) throws Exception {
        Path output = workDir.resolve("out");
        Process process = new ProcessBuilder("bash", "src/test/sh/" + script, ROOT.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(script + " finished within 120 s").isTrue();
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(text).isZero();
            assertThat(text).as(text).contains("all passed").doesNotContain("FAIL");
            return text;
        } finally {
            process.destroyForcibly();
        }
    }
}
