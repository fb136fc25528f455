package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/jdk.sh, which every bin/ command sources to find a JDK 25 without starting a JVM each time:
 * the checks live in src/test/sh/jdk-sh-test.sh (fake JDKs whose java counts its runs); this runs
 * it and fails with its output if any check failed.
 */
class JdkScriptIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void releaseFileCacheHitChangedJdkAndUntrustedOrUnwritableCacheBehave() throws Exception {
        Path output = dir.resolve("out");
        Process process = new ProcessBuilder("bash", "src/test/sh/jdk-sh-test.sh", ROOT.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("jdk-sh-test.sh finished within 120 s").isTrue();
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(text).isZero();
            assertThat(text).contains("ok: cache hit: java not asked again", "ok: JDK changed: java asked again",
                    "ok: unwritable cache: JDK chosen", "all passed").doesNotContain("FAIL");
        } finally {
            process.destroyForcibly();
        }
    }
}
