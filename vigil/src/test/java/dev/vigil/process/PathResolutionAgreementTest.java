package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.LoadResult;
import dev.vigil.config.ProbeTarget;
import dev.vigil.files.SearchPath;
import dev.vigil.probe.DeadlineAlarms;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.Prober;
import dev.vigil.time.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil check} (the config loader), the launcher and exec probes find a bare program name
 * the same way: the same PATH, empty entries meaning the working directory, relative entries taken
 * against it, and the default PATH when none is set. Real files, real exec probes.
 */
class PathResolutionAgreementTest {

    @TempDir
    Path dir;

    @BeforeEach
    void tools() throws Exception {
        Files.createDirectories(dir.resolve("bin"));
        executable(dir.resolve("in-cwd"));
        executable(dir.resolve("bin/in-bin"));
    }

    @Test
    void anEmptyEntryMeansTheWorkingDirectoryForAllThree() {
        agree(":/usr/bin:/bin", "in-cwd", true);
        agree("/usr/bin:/bin:", "in-cwd", true);
        agree("/usr/bin:/bin", "in-cwd", false);
    }

    @Test
    void aRelativeEntryIsTakenAgainstTheWorkingDirectoryForAllThree() {
        agree("bin:/usr/bin:/bin", "in-bin", true);
        agree("/usr/bin:/bin", "in-bin", false);
    }

    @Test
    void withoutAPathAllThreeSearchTheDefault() {
        assertThat(checkFinds(null, "", "true")).isTrue();
        assertThat(launcherFinds(null, "true")).isTrue();
        assertThat(probeFinds(SearchPath.of(null), "true")).isTrue();
        assertThat(SearchPath.of(null).text()).isEqualTo(SearchPath.DEFAULT);
    }

    @Test
    void theServicesOwnPathTakesPrecedenceOverTheDaemons() {
        String own = "env = { PATH = \"bin:/usr/bin:/bin\" }\n";
        assertThat(checkFinds("/usr/bin:/bin", own, "in-bin")).isTrue();
        assertThat(checkFinds(dir.resolve("bin").toString(), "env = { PATH = \"/usr/bin\" }\n", "in-bin")).isFalse();
        // The launcher is handed the environment the process gets, the service's PATH over the daemon's.
        SearchPath merged = SearchPath.forProgram(java.util.Map.of("PATH", "bin:/usr/bin"), java.util.Map.of("PATH", "/bin"));
        assertThat(launcherFinds(merged.text(), "in-bin")).isTrue();
    }

    private void agree(String path, String program, boolean found) {
        assertThat(checkFinds(path, "", program)).as("vigil check, PATH=%s", path).isEqualTo(found);
        assertThat(launcherFinds(path, program)).as("launcher, PATH=%s", path).isEqualTo(found);
        assertThat(probeFinds(SearchPath.of(path), program)).as("exec probe, PATH=%s", path).isEqualTo(found);
    }

    private boolean checkFinds(String daemonPath, String extraKeys, String program) {
        try {
            Path config = dir.resolve("vigil.toml");
            Files.writeString(config, "[services.s]\ncommand = [\"" + program + "\"]\n" + extraKeys);
            return switch (new ConfigLoader(daemonPath).load(config)) {
                case LoadResult.Valid valid -> true;
                case LoadResult.Invalid invalid -> {
                    assertThat(invalid.problems()).as("only the command may be wrong").allSatisfy(
                            p -> assertThat(p.toString()).contains("not found on PATH"));
                    yield false;
                }
            };
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private boolean launcherFinds(String path, String program) {
        try {
            NativeProcessLauncher.resolveExecutable("p", program, dir, path);
            return true;
        } catch (LaunchException e) {
            return false;
        }
    }

    private boolean probeFinds(SearchPath path, String program) {
        ProbeOutcome outcome;
        try (DeadlineAlarms alarms = DeadlineAlarms.start(Ticker.system())) {
            outcome = Prober.standard(Ticker.system(), path, alarms, ProcessInspector.system())
                    .probe(new ProbeTarget.Exec(List.of(program), Optional.of(dir)), Duration.ofSeconds(20));
        }
        if (outcome instanceof ProbeOutcome.Unprobeable unprobeable) {
            assertThat(unprobeable.problem()).startsWith("command not found");
            return false;
        }
        assertThat(outcome).isInstanceOf(ProbeOutcome.Healthy.class);
        return true;
    }

    private static void executable(Path file) throws Exception {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }
}
