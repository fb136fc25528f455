package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/jdk.sh, which every bin/ command sources to find a JDK 25 without starting a JVM each time:
 * the checks live in src/test/sh/jdk-sh-test.sh (fake JDKs whose java counts its runs).
 */
class JdkScriptIT {

    @TempDir
    Path dir;

    @Test
    void releaseFileCacheHitChangedJdkAndUntrustedOrUnwritableCacheBehave() throws Exception {
        assertThat(ShellChecks.run("jdk-sh-test.sh", dir)).contains("ok: cache hit: java not asked again",
                "ok: JDK changed: java asked again", "ok: unwritable cache: JDK chosen");
    }
}
