package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolveExecutableTest {
    @TempDir
    Path dir;

    @Test
    void bareNamesAreSearchedOnThePathInOrder() throws Exception {
        Path first = Files.createDirectories(dir.resolve("a"));
        Path second = Files.createDirectories(dir.resolve("b"));
        Path tool = Files.createFile(second.resolve("tool"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createFile(first.resolve("tool")); // not executable: skipped

        assertThat(NativeProcessLauncher.resolveExecutable("p", "tool", dir, first + ":" + second)).isEqualTo(tool);
    }

    @Test
    void pathsWithASlashAreRelativeToTheWorkingDirectory() throws Exception {
        Path script = Files.createFile(dir.resolve("run.sh"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

        assertThat(NativeProcessLauncher.resolveExecutable("p", "./run.sh", dir, "/usr/bin")).isEqualTo(script);
        assertThatThrownBy(() -> NativeProcessLauncher.resolveExecutable("p", "./missing.sh", dir, "/usr/bin"))
                .isInstanceOf(LaunchException.class).hasMessageContaining(dir.resolve("missing.sh") + " is not an executable file");
    }

    @Test
    void aMissingNameSaysWhichPathWasSearched() {
        assertThatThrownBy(() -> NativeProcessLauncher.resolveExecutable("service s process p", "nope", dir, dir.toString()))
                .isInstanceOf(LaunchException.class).hasMessage("service s process p: command 'nope' not found on PATH " + dir);
    }
}
