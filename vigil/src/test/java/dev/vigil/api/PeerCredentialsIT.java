package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.vigil.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client running as another user ({@code nobody}, via {@code setpriv}) against a real daemon
 * socket. Needs root (to switch user) and setpriv + python3 from Debian (bin/install-test-deps).
 */
class PeerCredentialsIT {

    private static final String CLIENT = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(10)
            try:
                s.connect(sys.argv[1])
            except PermissionError:
                print("EACCES"); sys.exit(3)
            s.sendall(b'{"jsonrpc":"2.0","id":1,"method":"vigil.list"}\\n')
            print(s.makefile().readline().strip())
            """;

    @TempDir
    Path dir;
    private ControlServer server;
    private final FakeControlHandler handler = new FakeControlHandler();

    @BeforeEach
    void start() throws IOException {
        assumeThat(System.getProperty("user.name")).as("switching user needs root").isEqualTo("root");
        assumeThat(Path.of("/usr/bin/setpriv")).as("setpriv (util-linux)").isExecutable();
        assumeThat(Path.of("/usr/bin/python3")).as("python3").isExecutable();
        // nobody must be able to reach the socket's directory to get as far as the socket.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        server = ControlServer.start(ServerOptions.defaults(dir.resolve("vigil.sock")), handler);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private String runAsNobody() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "/usr/bin/python3", "-I", "-c", CLIENT, server.socket().toString())
                .redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("client finished").isTrue();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } finally {
            p.destroyForcibly();
        }
    }

    private void assertStillServesItsOwner() throws IOException {
        Object result = new ControlClient(server.socket(), Duration.ofSeconds(10)).call("vigil.list", Map.of());
        assertThat(result).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("services");
    }

    @Test
    void theSocketModeStopsAnotherUserAtConnect() throws Exception {
        assertThat(Files.getPosixFilePermissions(server.socket())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(runAsNobody()).isEqualTo("EACCES");
        assertStillServesItsOwner();
        assertThat(handler.calls).containsExactly("list");
    }

    @Test
    void withTheModeOpenedThePeerUidCheckRefusesAnotherUser() throws Exception {
        // Simulate a socket whose mode was widened by mistake: the uid check is the second wall.
        Files.setPosixFilePermissions(server.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
        String line = runAsNobody();
        @SuppressWarnings("unchecked")
        Map<String, Object> response = (Map<String, Object>) Json.parse(line);
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) response.get("error");
        long nobodyUid = Long.parseLong(new String(new ProcessBuilder("id", "-u", "nobody").start().getInputStream().readAllBytes()).strip());
        assertThat(error).containsEntry("code", (long) RpcErrors.PERMISSION_DENIED);
        assertThat(error.get("message").toString()).contains("uid " + nobodyUid + " (nobody)");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) error.get("data");
        assertThat(data).containsEntry("uid", nobodyUid).containsEntry("user", "nobody");
        assertThat(handler.calls).isEmpty();
        assertStillServesItsOwner();
        assertThat(handler.calls).isEqualTo(List.of("list"));
    }
}
