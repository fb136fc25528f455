package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 4: another user ({@code nobody}, via {@code setpriv}) puts a fake daemon's socket
 * where root's CLI looks for the real one and answers with forged states. The client must check
 * who serves the socket and refuse to believe it. Needs root, setpriv and python3.
 */
class ForgedSocketIT {

    /** Accepts one connection, reports what it was sent, and answers every line with a forged list. */
    private static final String FAKE_DAEMON = """
            import os, socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777); s.listen(1)
            print("listening", flush=True)
            c, _ = s.accept()
            c.settimeout(5)
            try:
                got = c.recv(65536)
            except OSError:
                got = b''
            print("received %d bytes" % len(got), flush=True)
            try:
                c.sendall(b'{"jsonrpc":"2.0","id":1,"result":{"services":[{"name":"web","state":"running","reason":"FORGED"}]}}\\n')
            except OSError:
                pass
            """;

    @TempDir
    Path dir;
    private Process fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.destroyForcibly();
        }
    }

    @Test
    void aSocketServedByAnotherUserIsNotBelieved() throws Exception {
        assumeThat(System.getProperty("user.name")).as("switching user needs root").isEqualTo("root");
        assumeThat(Path.of("/usr/bin/setpriv")).as("setpriv (util-linux)").isExecutable();
        assumeThat(Path.of("/usr/bin/python3")).as("python3").isExecutable();
        // A state dir that was left writable by others: the way the fake got in.
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path socket = state.resolve(StateDir.SOCKET_NAME);
        fake = new ProcessBuilder("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "/usr/bin/python3", "-I", "-c", FAKE_DAEMON, socket.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(fake.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("listening");

        assertThatThrownBy(() -> new ControlClient(socket, Duration.ofSeconds(10)).call("vigil.list", Map.of()))
                .isInstanceOf(DaemonUnavailableException.class)
                .hasMessageContaining("refusing to trust " + socket)
                .hasMessageContaining("(nobody)")
                .hasMessageContaining("neither root nor you");

        assertThat(fake.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out.readLine()).as("the fake never saw the request").isEqualTo("received 0 bytes");
    }

    @Test
    void theRealDaemonsOwnerAndRootAreBelieved() throws IOException {
        try (ControlServer server = ControlServer.start(ServerOptions.defaults(dir.resolve("vigil.sock")), new FakeControlHandler())) {
            assertThat(new ControlClient(server.socket(), Duration.ofSeconds(10)).call("vigil.list", Map.of()))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("services");
        }
    }
}
