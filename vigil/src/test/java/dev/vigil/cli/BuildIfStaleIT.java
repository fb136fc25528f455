package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/vigil builds the jars on first use and when sources changed, once even when two commands
 * start together: the checks live in src/test/sh/build-if-stale-test.sh (a fake checkout with a
 * ./mvnw and a java that count their runs).
 */
class BuildIfStaleIT {

    @TempDir
    Path dir;

    @Test
    void missingOrStaleJarsBuildOnceAndTheCommandRuns() throws Exception {
        assertThat(ShellChecks.run("build-if-stale-test.sh", dir)).contains("ok: missing jars: built once",
                "ok: changed source: built again", "ok: together: the second waits at the lock", "ok: together: built once");
    }
}
