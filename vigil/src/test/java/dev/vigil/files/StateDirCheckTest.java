package dev.vigil.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state dir rules (docs/ARCHITECTURE.md) on real directories. */
class StateDirCheckTest {

    @TempDir
    Path dir;

    private static void mode(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    @Test
    void aMissingStateDirIsCreatedOwnerOnlyWithItsSubdirectories() throws IOException {
        Path state = dir.resolve("a/b/state");
        assertThat(StateDirCheck.secure(state, List.of("logs", "notify"), List.of())).isEmpty();
        for (Path p : List.of(dir.resolve("a"), state, state.resolve("logs"), state.resolve("notify"))) {
            assertThat(Files.getPosixFilePermissions(p)).as(p.toString()).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aStateDirOthersCanWriteIsRefusedWithTheFix() throws IOException {
        Path state = Files.createDirectory(dir.resolve("state"));
        mode(state, "rwxrwxrwx");
        assertThatThrownBy(() -> StateDirCheck.secure(state, List.of(), List.of()))
                .isInstanceOf(UnsafePathException.class)
                .hasMessage("state dir " + state + " has mode 0777: group or others can write into it and plant links:"
                        + " remove it (vigil creates it 0700), or chmod 700 " + state + " after checking its contents");
        mode(state, "rwxrwx---");
        assertThatThrownBy(() -> StateDirCheck.secure(state, List.of(), List.of())).hasMessageContaining("has mode 0770");
    }

    @Test
    void aStateDirOthersCanOnlyReadIsTightenedWithANotice() throws IOException {
        Path state = Files.createDirectory(dir.resolve("state"));
        mode(state, "rwxr-xr-x");
        assertThat(StateDirCheck.secure(state, List.of(), List.of()))
                .containsExactly("state dir " + state + " had mode 0755 (others could read its logs and database); changed to 0700");
        assertThat(Files.getPosixFilePermissions(state)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void anotherUsersStateDirIsRefused() throws IOException {
        assumeThat(System.getProperty("user.name")).as("chown needs root").isEqualTo("root");
        Path state = Files.createDirectory(dir.resolve("state"));
        mode(state, "rwx------");
        Files.setOwner(state, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertThatThrownBy(() -> StateDirCheck.secure(state, List.of(), List.of()))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("state dir " + state + " is owned by uid ")
                .hasMessageContaining("(nobody), not by the daemon's user");
    }

    @Test
    void aParentOthersCanWriteIsRefusedUnlessSticky() throws IOException {
        Path parent = Files.createDirectory(dir.resolve("shared"));
        Path state = Files.createDirectory(parent.resolve("state"));
        mode(state, "rwx------");
        mode(parent, "rwxrwxrwx");
        assertThatThrownBy(() -> StateDirCheck.secure(state, List.of(), List.of()))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining(parent + " (a parent of the state dir " + state + ") has mode 0777")
                .hasMessageContaining("not sticky").hasMessageContaining("chmod go-w " + parent);

        Files.setAttribute(parent, "unix:mode", 01777);   // like /tmp: others cannot move what is ours
        assertThat(StateDirCheck.secure(state, List.of(), List.of())).isEmpty();
    }

    @Test
    void aLinkedParentIsJudgedAlongItsRealPathToo() throws IOException {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path real = Files.createDirectory(shared.resolve("real"));
        mode(shared, "rwxrwxrwx");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThatThrownBy(() -> StateDirCheck.secure(link.resolve("state"), List.of(), List.of()))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining(shared + " (a parent of the state dir");
    }

    @Test
    void anotherUsersParentIsRefused() throws IOException {
        assumeThat(System.getProperty("user.name")).as("chown needs root").isEqualTo("root");
        Path parent = Files.createDirectory(dir.resolve("theirs"));
        Files.setOwner(parent, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertThatThrownBy(() -> StateDirCheck.secure(parent.resolve("state"), List.of(), List.of()))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining(parent + " (a parent of the state dir").hasMessageContaining("neither root nor");
    }

    @Test
    void aLinkLeftInsideIsRefused() throws IOException {
        Path state = Files.createDirectory(dir.resolve("state"));
        mode(state, "rwx------");
        Files.createSymbolicLink(state.resolve("logs"), Files.createDirectory(dir.resolve("elsewhere")));
        assertThatThrownBy(() -> StateDirCheck.secure(state, List.of("logs"), List.of()))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining(state.resolve("logs") + " is a symbolic link");
    }
}
