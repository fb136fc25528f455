package dev.vigil.daemon;

import static dev.vigil.daemon.EndToEnd.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 4 against the real daemon (a child JVM run as root) and a real second user
 * ({@code nobody}, via {@code setpriv}): a state dir another user can write, or owns, is refused
 * before anything in it is opened; a loose one is tightened; every file is private whatever the
 * umask. Needs root and setpriv (util-linux).
 */
class StateDirAttackIT {

    @TempDir
    Path dir;
    private Path vault;
    private Path secret;
    private Path config;
    private final List<Process> daemons = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        assumeThat(System.getProperty("user.name")).as("a second user needs root").isEqualTo("root");
        assumeThat(Path.of("/usr/bin/setpriv")).as("setpriv (util-linux)").isExecutable();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));   // nobody may pass through
        vault = Files.createDirectory(dir.resolve("vault"));
        Files.setPosixFilePermissions(vault, PosixFilePermissions.fromString("rwx------"));
        secret = Files.writeString(vault.resolve("shadow"), "root:only:secret\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        config = Files.writeString(dir.resolve("vigil.toml"),
                EndToEnd.shService("web", "echo SECRET_TOKEN=hunter2; exec sleep 600"));
    }

    @AfterEach
    void stopDaemons() throws InterruptedException {
        for (Process p : daemons) {
            p.destroy();   // SIGTERM: the daemon stops its services
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static void asNobody(String script, Path... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", "/bin/sh", "-c", script, "sh"));
        for (Path a : args) {
            command.add(a.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    /** {@code vigil daemon} on the test config and {@code state}, under {@code umask}. */
    private Process daemon(Path state, String umask) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
        command.addAll(DaemonHarness.javaCommand("daemon", "--config", config.toString(), "--state-dir", state.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("NOTIFY_SOCKET");
        builder.redirectOutput(dir.resolve("daemon-" + daemons.size() + ".out").toFile());
        builder.redirectError(dir.resolve("daemon-" + daemons.size() + ".err").toFile());
        Process p = builder.start();
        daemons.add(p);
        return p;
    }

    private String stderrOf(Process daemon) throws IOException {
        return Files.readString(dir.resolve("daemon-" + daemons.indexOf(daemon) + ".err"));
    }

    /** Runs a daemon that must refuse to start; returns its stderr. */
    private String refused(Path state) throws Exception {
        Process p = daemon(state, "022");
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the daemon gave up").isTrue();
        String stderr = stderrOf(p);
        assertThat(p.exitValue()).as(stderr).isEqualTo(Daemon.CANNOT_START);
        assertThat(stderr.lines().toList()).as("one line, no stack trace").hasSize(1);
        return stderr.strip();
    }

    private void assertVaultUntouched() throws IOException {
        assertThat(Files.readString(secret)).isEqualTo("root:only:secret\n");
        try (Stream<Path> files = Files.list(vault)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("shadow");
        }
    }

    @Test
    void linksPlantedInAWorldWritableStateDirAreNeverFollowed() throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        // The attack of the issue: truncate a root-only file through the lock, append service output
        // to another through the log, put the database elsewhere.
        asNobody("ln -s \"$2\" \"$1/vigil.sock.lock\" && ln -s \"$3\" \"$1/vigil.db\""
                        + " && mkdir -p \"$1/logs/web\" && ln -s \"$4\" \"$1/logs/web/web.log\"",
                state, secret, vault.resolve("elsewhere.db"), vault.resolve("appended"));

        assertThat(refused(state)).isEqualTo("vigil daemon: state dir " + state + " has mode 0777: group or others can"
                + " write into it and plant links: remove it (vigil creates it 0700), or chmod 700 " + state
                + " after checking its contents");
        assertVaultUntouched();

        // An operator who only fixes the mode still has the planted links: each is refused by name.
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        assertThat(refused(state)).startsWith("vigil daemon: " + state.resolve("vigil.db") + " is a symbolic link");
        Files.delete(state.resolve("vigil.db"));
        assertThat(refused(state)).startsWith("vigil daemon: " + state.resolve("vigil.sock.lock") + " is a symbolic link");
        Files.delete(state.resolve("vigil.sock.lock"));
        assertThat(refused(state)).startsWith("vigil daemon: " + state.resolve("logs") + " is owned by uid ")
                .contains("(nobody), not by the daemon's user uid 0 (root)");
        assertVaultUntouched();
    }

    @Test
    void aStateDirAnotherUserMadeIsRefused() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 01777);   // like /tmp: a parent the rules allow
        Path state = shared.resolve("state");
        asNobody("mkdir -m 700 \"$1\"", state);
        assertThat(refused(state)).startsWith("vigil daemon: state dir " + state + " is owned by uid ")
                .contains("(nobody), not by the daemon's user uid 0 (root)");
        assertThat(Files.getAttribute(state, "unix:uid")).isNotEqualTo(0);
    }

    @Test
    void aLooseStateDirIsTightenedAndEveryFileIsPrivateEvenUnderUmask000() throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process p = daemon(state, "000");
        Path log = state.resolve("logs/web/web.log");
        await().atMost(WAIT).until(() -> Files.exists(log) && Files.readString(log).contains("SECRET_TOKEN=hunter2"));
        await().atMost(WAIT).until(() -> Files.exists(state.resolve("vigil.db-wal")) && Files.exists(state.resolve("vigil.db-shm"))
                && Files.exists(state.resolve("vigil.sock")));

        assertThat(mode(state)).isEqualTo("rwx------");
        for (String d : List.of("logs", "logs/web", "notify")) {
            assertThat(mode(state.resolve(d))).as(d).isEqualTo("rwx------");
        }
        for (String f : List.of("vigil.db", "vigil.db-wal", "vigil.db-shm", "vigil.sock.lock", "vigil.sock", "logs/web/web.log")) {
            assertThat(mode(state.resolve(f))).as(f).isEqualTo("rw-------");
        }
        Process reader = new ProcessBuilder("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "/bin/cat", log.toString()).redirectErrorStream(true).start();
        assertThat(reader.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String read = new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(read).doesNotContain("hunter2").contains("Permission denied");

        p.destroy();
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String stderr = stderrOf(p);
        assertThat(stderr).contains("vigil daemon: state dir " + state + " had mode 0755 (others could read its logs and"
                + " database); changed to 0700");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
