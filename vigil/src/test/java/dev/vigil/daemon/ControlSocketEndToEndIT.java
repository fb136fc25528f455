package dev.vigil.daemon;

import static dev.vigil.daemon.EndToEnd.WAIT;
import static dev.vigil.daemon.EndToEnd.sleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.RawConnection;
import dev.vigil.daemon.DaemonHarness.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control socket of the real daemon: owner-only, another uid refused (by the mode, and by
 * the peer-credential check behind it), garbage and a bounded flood answered with errors while
 * the daemon keeps serving. The server's own tests (ControlServerIT, PeerCredentialsIT) cover
 * the details with a fake handler; this proves the daemon wires it up the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlSocketEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The server's documented limit (docs/API.md). */
    private static final int MAX_CONNECTIONS = 64;

    private DaemonHarness daemon;
    private Path socket;

    @BeforeAll
    void startDaemon(@TempDir Path dir) throws Exception {
        // nobody must be able to reach the socket's directory to get as far as the socket.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx--x--x"));
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, sleeper("web"));
        daemon = DaemonHarness.start(config, dir);
        daemon.awaitEvent(DaemonHarness.event("daemon_started", null, Map.of()), WAIT);
        socket = daemon.stateDir().resolve("vigil.sock");
        // The daemon tightened its state dir to 0700 at start; open it again (as an operator might by
        // mistake) so that another user gets as far as the socket, whose mode and uid check are tested here.
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx--x--x"));
    }

    @AfterAll
    void stopDaemon() throws Exception {
        if (daemon != null) {
            try {
                assertThat(daemon.terminate(WAIT)).isZero();
            } finally {
                daemon.close();
            }
        }
    }

    @Test
    void theSocketIsOwnerOnlyAndAnotherUidIsRefusedByModeThenByPeerCredentials() throws Exception {
        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assumeThat(System.getProperty("user.name")).as("switching user needs root").isEqualTo("root");
        assumeThat(Path.of("/usr/bin/setpriv")).as("setpriv (util-linux)").isExecutable();

        CliResult byMode = listAsNobody();
        assertThat(byMode.exitCode()).as(byMode.stderr()).isEqualTo(5);
        assertThat(byMode.stderr().lines().toList()).hasSize(1);
        assertThat(byMode.stderr()).contains(socket.toString());

        // A socket whose mode was widened by mistake: the daemon's uid check is the second wall.
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            CliResult byUid = listAsNobody();
            assertThat(byUid.exitCode()).as(byUid.stderr()).isEqualTo(5);
            assertThat(byUid.stderr()).contains("uid 65534").contains("nobody");
            assertThat(byUid.stdout()).isEmpty();
        } finally {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        }
        assertStillServing();
    }

    private CliResult listAsNobody() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        command.addAll(DaemonHarness.javaCommand("--socket", socket.toString(), "list"));
        return CliResult.run(command);
    }

    @Test
    void malformedRequestsGetJsonRpcErrorsOnTheSameConnection() throws Exception {
        try (RawConnection c = new RawConnection(socket)) {
            c.send("this is not json\n");
            assertThat(errorCode(c.readLine(WAIT))).isEqualTo(-32700);
            c.send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vigil.list\"}]\n");
            assertThat(errorCode(c.readLine(WAIT))).isEqualTo(-32600);
            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"vigil.nope\"}\n");
            assertThat(errorCode(c.readLine(WAIT))).isEqualTo(-32601);
            c.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"vigil.status\",\"params\":{\"name\":7}}\n");
            JsonNode wrongType = JSON.readTree(c.readLine(WAIT));
            assertThat(wrongType.at("/error/code").asInt()).isEqualTo(-32602);
            assertThat(wrongType.at("/error/data/param").asText()).isEqualTo("name");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"vigil.status\",\"params\":{\"name\":\"wbe\"}}\n");
            JsonNode unknown = JSON.readTree(c.readLine(WAIT));
            assertThat(unknown.at("/error/code").asInt()).isEqualTo(1001);
            assertThat(unknown.at("/error/data/known").toString()).isEqualTo("[\"web\"]");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"vigil.list\"}\n");
            JsonNode ok = JSON.readTree(c.readLine(WAIT));
            assertThat(ok.get("id").asInt()).isEqualTo(5);
            assertThat(ok.at("/result/services/0/name").asText()).isEqualTo("web");
        }
        assertStillServing();
    }

    @Test
    void aRequestOverOneMebibyteIsRefusedAndClosed() throws Exception {
        try (RawConnection c = new RawConnection(socket)) {
            byte[] huge = new byte[2 << 20];
            Arrays.fill(huge, (byte) 'x');
            try {
                c.send(huge);
            } catch (IOException serverStoppedReading) {
                // Expected once the daemon has answered and closed; its answer is still readable.
            }
            JsonNode error = JSON.readTree(c.readLine(WAIT));
            assertThat(error.at("/error/code").asInt()).isEqualTo(-32600);
            assertThat(error.at("/error/data/limit_bytes").asInt()).isEqualTo(1 << 20);
            assertThat(c.readLine(WAIT)).as("closed").isNull();
        }
        assertStillServing();
    }

    @Test
    void aFloodOfConnectionsIsBoundedAndTheDaemonServesAfterwards() throws Exception {
        List<RawConnection> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                flood.add(new RawConnection(socket));
            }
            // Connections are accepted in order: the ones past the limit are refused at once.
            int busy = 0;
            for (RawConnection c : flood.subList(MAX_CONNECTIONS, flood.size())) {
                JsonNode error = JSON.readTree(c.readLine(WAIT));
                assertThat(error.at("/error/code").asInt()).isEqualTo(-32000);
                assertThat(error.at("/error/data/max_connections").asInt()).isEqualTo(MAX_CONNECTIONS);
                assertThat(c.readLine(WAIT)).isNull();
                busy++;
            }
            assertThat(busy).isEqualTo(200 - MAX_CONNECTIONS);
            RawConnection held = flood.getFirst();
            held.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"vigil.list\"}\n");
            assertThat(JSON.readTree(held.readLine(WAIT)).get("id").asInt()).as("a held connection is served").isEqualTo(9);
        } finally {
            for (RawConnection c : flood) {
                c.close();
            }
        }
        assertStillServing();
    }

    private void assertStillServing() throws Exception {
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            CliResult list = daemon.cli("list", "--json");
            assertThat(list.exitCode()).as(list.stderr()).isZero();
            assertThat(list.json().at("/services/0/state").asText()).isEqualTo("running");
        });
    }

    private static int errorCode(String line) throws IOException {
        return JSON.readTree(line).at("/error/code").asInt();
    }
}
