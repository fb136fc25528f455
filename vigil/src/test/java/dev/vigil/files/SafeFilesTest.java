package dev.vigil.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file rules of issue 9 item 4 on real files: links, hard links, modes, owners. */
class SafeFilesTest {

    @TempDir
    Path dir;
    private Path secret;

    @BeforeEach
    void aFileThatMustNotBeTouched() throws IOException {
        Path vault = Files.createDirectory(dir.resolve("vault"));
        secret = Files.writeString(vault.resolve("secret"), "root only\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    }

    private void assertSecretUntouched() throws IOException {
        assertThat(Files.readString(secret)).isEqualTo("root only\n");
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void newFilesAndDirectoriesAreOwnerOnly() throws IOException {
        Path logs = SafeFiles.privateDirectory(dir.resolve("logs/web"));
        try (OutputStream out = SafeFiles.appendPrivate(logs.resolve("web.log"))) {
            out.write("line\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("logs"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(logs)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(logs.resolve("web.log"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void appendingKeepsWhatIsThereAndTightensAnOldLooseMode() throws IOException {
        Path log = Files.writeString(dir.resolve("web.log"), "old\n");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        try (OutputStream out = SafeFiles.appendPrivate(log)) {
            out.write("new\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.readString(log)).isEqualTo("old\nnew\n");
        assertThat(Files.getPosixFilePermissions(log)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aSymbolicLinkIsNeverFollowed() throws IOException {
        Path lock = Files.createSymbolicLink(dir.resolve("vigil.sock.lock"), secret);
        assertThatThrownBy(() -> SafeFiles.openPrivate(lock, java.nio.file.StandardOpenOption.WRITE))
                .isInstanceOf(UnsafePathException.class)
                .hasMessage(lock + " is a symbolic link (to " + secret + "): refusing to follow it; remove it");
        Path dangling = Files.createSymbolicLink(dir.resolve("web.log"), dir.resolve("vault/new-file"));
        assertThatThrownBy(() -> SafeFiles.appendPrivate(dangling)).isInstanceOf(UnsafePathException.class);
        assertThat(dir.resolve("vault/new-file")).doesNotExist();
        Path linkedDir = Files.createSymbolicLink(dir.resolve("logs"), dir.resolve("vault"));
        assertThatThrownBy(() -> SafeFiles.privateDirectory(linkedDir))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining("is a symbolic link, not a directory");
        assertSecretUntouched();
    }

    @Test
    void aSecondHardLinkIsRefused() throws IOException {
        Path alias = Files.createLink(dir.resolve("vigil.db"), secret);
        assertThatThrownBy(() -> SafeFiles.privateSqliteFile(alias))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining("has 2 hard links");
        assertSecretUntouched();
    }

    @Test
    void sqliteCompanionsMayNotBeLinks() throws IOException {
        Files.createSymbolicLink(dir.resolve("vigil.db-wal"), secret);
        assertThatThrownBy(() -> SafeFiles.privateSqliteFile(dir.resolve("vigil.db")))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining("vigil.db-wal is a symbolic link");
        assertThat(Files.getPosixFilePermissions(dir.resolve("vigil.db"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertSecretUntouched();
    }

    @Test
    void anotherUsersFileIsRefused() throws IOException {
        assumeThat(System.getProperty("user.name")).as("chown needs root").isEqualTo("root");
        Path log = Files.writeString(dir.resolve("web.log"), "planted\n");
        Files.setOwner(log, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertThatThrownBy(() -> SafeFiles.appendPrivate(log))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining(log + " is owned by uid ").hasMessageContaining("(nobody), not by the daemon's user");
    }
}
