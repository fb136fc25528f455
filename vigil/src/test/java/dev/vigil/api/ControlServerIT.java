package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.json.Json;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control server over a real Unix socket in a temp dir, with a fake handler. */
class ControlServerIT extends ServerTestBase {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ControlServer start() throws IOException {
        return start(ServerOptions.defaults(dir.resolve("vigil.sock")));
    }

    private RawConnection connect(ControlServer server) throws IOException {
        RawConnection c = new RawConnection(server.socket());
        toClose.add(c);
        return c;
    }

    private Object call(ControlServer server, String method, Map<String, ?> params) throws IOException {
        return new ControlClient(server.socket(), WAIT).call(method, params);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static Map<String, Object> error(String line) {
        Map<String, Object> response = map(Json.parse(line));
        assertThat(response).containsKey("error").doesNotContainKey("result");
        return map(response.get("error"));
    }

    @Test
    void everyMethodRoundTripsThroughTheRealSocket() throws IOException {
        ControlServer server = start();

        Map<String, Object> listed = map(call(server, "vigil.list", Map.of()));
        List<Object> services = list(listed.get("services"));
        assertThat(services).hasSize(5);
        Map<String, Object> os = map(services.get(2));
        assertThat(os).containsEntry("name", "os").containsEntry("state", "degraded")
                .containsEntry("uptime_ms", 3_723_000L).containsEntry("pids", List.of(2001L, 2002L))
                .containsEntry("since", "2026-11-23T09:59:30Z").containsEntry("next_retry", null)
                .containsEntry("status_text", "serving").containsEntry("restarts", 1L);
        assertThat(map(list(os.get("failing_probes")).getFirst()))
                .containsEntry("probe", "ui").containsEntry("consecutive", 3L).containsEntry("threshold", 3L);

        Map<String, Object> status = map(call(server, "vigil.status", Map.of("name", "os")));
        assertThat(status).containsEntry("name", "os").containsKeys("processes", "probes", "recent_events");
        Map<String, Object> ui = map(list(status.get("processes")).get(1));
        assertThat(ui).containsEntry("alive", false).containsEntry("pid", null);
        assertThat(map(ui.get("last_exit"))).containsEntry("signal", "SIGKILL").containsEntry("code", null);
        Map<String, Object> probe = map(list(status.get("probes")).getFirst());
        assertThat(probe).containsEntry("consecutive_failures", 3L).containsEntry("failing", true);
        assertThat(map(probe.get("last"))).containsEntry("outcome", "unhealthy").containsEntry("latency_ms", 1L);

        for (String verb : List.of("start", "stop", "restart", "reset")) {
            Map<String, Object> r = map(call(server, "vigil." + verb, Map.of("names", List.of("web", "os"))));
            assertThat(list(r.get("results"))).extracting(x -> map(x).get("name")).containsExactly("web", "os");
        }
        Map<String, Object> all = map(call(server, "vigil.stop", Map.of("all", true)));
        assertThat(list(all.get("results"))).hasSize(5);

        Map<String, Object> logs = map(call(server, "vigil.logs", Map.of("name", "os", "lines", 2)));
        assertThat(list(logs.get("lines"))).extracting(x -> map(x).get("text")).containsExactly("line 4", "line 5");
        assertThat(logs).containsEntry("cursor", 5L).containsEntry("dropped", 0L);

        Map<String, Object> events = map(call(server, "vigil.events", Map.of("name", "os", "since", "2026-11-23T09:58:30Z")));
        assertThat(list(events.get("events"))).extracting(x -> map(x).get("type")).containsExactly("probe_failed", "service_degraded");

        Map<String, Object> reload = map(call(server, "vigil.reload", Map.of()));
        assertThat(reload).containsEntry("added", List.of("new")).containsEntry("unchanged", List.of("batch", "web"));

        assertThat(handler.calls).contains("status os", "start web,os", "stop --all", "logs os null 2 null", "reload");
    }

    @Test
    void discoverListsEveryRegisteredMethod() throws IOException {
        ControlServer server = start();
        Map<String, Object> doc = map(call(server, "rpc.discover", Map.of()));
        assertThat(doc).containsEntry("openrpc", "1.3.2");
        List<String> expected = new ArrayList<>(ControlMethods.registry(handler).names());
        expected.add("rpc.discover");
        assertThat(list(doc.get("methods"))).extracting(m -> map(m).get("name")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void applicationErrorsCarryTheirData() throws IOException {
        ControlServer server = start();
        assertThatThrownBy(() -> call(server, "vigil.status", Map.of("name", "wbe")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrors.UNKNOWN_SERVICE);
                    assertThat(e.data()).containsEntry("name", "wbe")
                            .containsEntry("known", List.of("batch", "cron", "os", "web", "worker"));
                });
        handler.reloadProblems = List.of("a.toml:3:1: services.x.command: missing", "a.toml:9:5: services.y: duplicate");
        assertThatThrownBy(() -> call(server, "vigil.reload", Map.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrors.CONFIG_REJECTED);
                    assertThat(list(e.data().get("problems"))).hasSize(2);
                });
    }

    @Test
    void malformedInputGetsErrorsAndTheConnectionKeepsServing() throws IOException {
        ControlServer server = start();
        RawConnection c = connect(server);

        c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\n");
        assertThat(error(c.readLine(WAIT))).containsEntry("code", -32700L);
        c.send(new byte[] {'"', (byte) 0xC3, '"', '\n'});
        assertThat(error(c.readLine(WAIT))).containsEntry("code", -32700L);
        c.send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vigil.list\"}]\n");
        assertThat(error(c.readLine(WAIT)).get("message").toString()).contains("batch");
        c.send("42\n");
        assertThat(error(c.readLine(WAIT))).containsEntry("code", -32600L);
        c.send("{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"vigil.list\"}\n");
        assertThat(error(c.readLine(WAIT))).containsEntry("code", -32600L);
        c.send("{\"jsonrpc\":\"2.0\",\"id\":3}\n");
        assertThat(error(c.readLine(WAIT))).containsEntry("code", -32600L);
        c.send("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"vigil.list\"}\n");
        assertThat(error(c.readLine(WAIT))).containsEntry("code", -32600L);

        c.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"vigil.nope\"}\n");
        Map<String, Object> unknown = error(c.readLine(WAIT));
        assertThat(unknown).containsEntry("code", -32601L);
        assertThat(list(map(unknown.get("data")).get("methods"))).contains("vigil.list", "rpc.discover");

        c.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"vigil.list\"}\n");
        Map<String, Object> ok = map(Json.parse(c.readLine(WAIT)));
        assertThat(ok).containsEntry("id", 5L).containsKey("result");
    }

    @Test
    void wrongParamsAreNamed() throws IOException {
        ControlServer server = start();
        RawConnection c = connect(server);
        Map<String, String> cases = Map.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vigil.status\",\"params\":{}}", "name",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vigil.status\",\"params\":{\"name\":7}}", "name",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vigil.logs\",\"params\":{\"name\":\"os\",\"lines\":\"ten\"}}", "lines",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vigil.logs\",\"params\":{\"name\":\"os\",\"lines\":0}}", "lines",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vigil.events\",\"params\":{\"since\":\"yesterday\"}}", "since",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vigil.list\",\"params\":{\"bogus\":1}}", "bogus",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vigil.start\",\"params\":{}}", "names",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vigil.start\",\"params\":{\"names\":[\"a\"],\"all\":true}}", "names",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vigil.list\",\"params\":[1]}", "params");
        for (var e : cases.entrySet()) {
            c.send(e.getKey() + "\n");
            Map<String, Object> error = error(c.readLine(WAIT));
            assertThat(error).as(e.getKey()).containsEntry("code", -32602L);
            assertThat(map(error.get("data"))).as(e.getKey()).containsEntry("param", e.getValue());
            assertThat(error.get("message").toString()).as(e.getKey()).contains(e.getValue());
        }
        assertThat(handler.calls).isEmpty();
    }

    @Test
    void aFailingHandlerIsAnInternalErrorNotADeadServer() throws IOException {
        ControlServer server = start();
        handler.failWith = () -> new IllegalStateException("core is confused");
        assertThatThrownBy(() -> call(server, "vigil.list", Map.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrors.INTERNAL_ERROR);
                    assertThat(e.getMessage()).contains("core is confused");
                });
        handler.failWith = null;
        assertThat(map(call(server, "vigil.list", Map.of()))).containsKey("services");
    }

    @Test
    void aNotificationGetsNoResponse() throws IOException {
        ControlServer server = start();
        RawConnection c = connect(server);
        c.send("{\"jsonrpc\":\"2.0\",\"method\":\"vigil.list\"}\n{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"vigil.list\"}\n");
        assertThat(map(Json.parse(c.readLine(WAIT)))).containsEntry("id", "b");
        assertThat(handler.calls).containsExactly("list", "list");
    }

    @Test
    void aLineOverOneMebibyteIsRefusedAndClosed() throws IOException {
        ControlServer server = start();
        RawConnection c = connect(server);
        byte[] huge = new byte[2 << 20];
        java.util.Arrays.fill(huge, (byte) 'x');
        try {
            c.send(huge);
        } catch (IOException serverStoppedReading) {
            // Expected once the server has answered and closed; its answer is still readable.
        }
        Map<String, Object> error = error(c.readLine(WAIT));
        assertThat(error).containsEntry("code", -32600L);
        assertThat(map(error.get("data"))).containsEntry("limit_bytes", (long) (1 << 20));
        assertThat(c.readLine(WAIT)).isNull();
        assertThat(map(call(server, "vigil.list", Map.of()))).containsKey("services");
    }

    @Test
    void aSilentClientIsToldAndClosedAfterTheIdleTimeout() throws IOException {
        ControlServer server = start(ServerOptions.defaults(dir.resolve("vigil.sock")).withIdleTimeout(Duration.ofMillis(200)));
        RawConnection silent = connect(server);
        RawConnection partial = connect(server);
        partial.send("{\"jsonrpc\":\"2.0\",");

        for (RawConnection c : List.of(silent, partial)) {
            Map<String, Object> error = error(c.readLine(WAIT));
            assertThat(error).containsEntry("code", -32002L);
            assertThat(c.readLine(WAIT)).isNull();
        }
        await().atMost(WAIT).until(() -> server.activeConnections() == 0);
        assertThat(map(call(server, "vigil.list", Map.of()))).containsKey("services");
    }

    @Test
    void aFloodOfConnectionsIsBoundedAndTheExcessRefusedAtOnce() throws IOException {
        // Idle timeout far above the test's wait: a busy reply proves refusal, not a timeout.
        ControlServer server = start(ServerOptions.defaults(dir.resolve("vigil.sock")).withIdleTimeout(Duration.ofMinutes(2)));
        List<RawConnection> flood = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            flood.add(connect(server));
        }
        await().atMost(WAIT).until(() -> server.activeConnections() == ServerOptions.DEFAULT_MAX_CONNECTIONS);
        int busy = 0;
        for (RawConnection c : flood.subList(ServerOptions.DEFAULT_MAX_CONNECTIONS, flood.size())) {
            Map<String, Object> error = error(c.readLine(WAIT));
            assertThat(error).containsEntry("code", -32000L);
            assertThat(c.readLine(WAIT)).isNull();
            busy++;
        }
        assertThat(busy).isEqualTo(300 - ServerOptions.DEFAULT_MAX_CONNECTIONS);
        assertThat(server.activeConnections()).isEqualTo(ServerOptions.DEFAULT_MAX_CONNECTIONS);

        // A held connection is still served; once the flood goes, so is a new one.
        RawConnection held = flood.getFirst();
        held.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"vigil.list\"}\n");
        assertThat(map(Json.parse(held.readLine(WAIT)))).containsEntry("id", 9L);
        for (RawConnection c : flood) {
            c.close();
        }
        await().atMost(WAIT).until(() -> server.activeConnections() == 0);
        assertThat(map(call(server, "vigil.list", Map.of()))).containsKey("services");
    }

    @Test
    void theSocketIsOwnerOnlyAndRemovedOnClose() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ControlServer server = start();
        assertThat(Files.getPosixFilePermissions(server.socket())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var scratch = Files.list(dir)) {
            assertThat(scratch.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("vigil.sock", "vigil.sock.lock");
        }
        server.close();
        assertThat(server.socket()).doesNotExist();
    }

    @Test
    void theStateDirIsCreatedPrivate() throws IOException {
        Path socket = dir.resolve("state/nested/vigil.sock");
        ControlServer server = start(ServerOptions.defaults(socket));
        assertThat(Files.getPosixFilePermissions(socket.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(map(call(server, "vigil.list", Map.of()))).containsKey("services");
    }

    @Test
    void anotherUserIsRefusedByPeerCredentials() throws IOException {
        var nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        ControlServer server = start(ServerOptions.defaults(dir.resolve("vigil.sock")).withAllowedUser(nobody));
        RawConnection c = connect(server);
        Map<String, Object> error = error(c.readLine(WAIT));
        long myUid = ((Number) Files.getAttribute(server.socket(), "unix:uid")).longValue();
        assertThat(error).containsEntry("code", -32001L);
        assertThat(map(error.get("data"))).containsEntry("uid", myUid);
        assertThat(error.get("message").toString()).contains("uid " + myUid).contains("nobody");
        assertThat(c.readLine(WAIT)).isNull();
        assertThat(handler.calls).isEmpty();
    }

    @Test
    void aStaleSocketIsReplacedButALiveDaemonIsNot() throws IOException {
        Path socket = dir.resolve("vigil.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists(); // closing a listener leaves its file behind, as a crash does
        ControlServer server = start(ServerOptions.defaults(socket));
        assertThat(map(call(server, "vigil.list", Map.of()))).containsKey("services");

        assertThatThrownBy(() -> ControlServer.start(ServerOptions.defaults(socket), handler))
                .isInstanceOf(AlreadyRunningException.class).hasMessageContaining("a daemon is already running on " + socket);
        assertThat(map(call(server, "vigil.list", Map.of()))).containsKey("services");

        Path other = dir.resolve("other.sock");
        try (ServerSocketChannel alive = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            alive.bind(UnixDomainSocketAddress.of(other));
            assertThatThrownBy(() -> ControlServer.start(ServerOptions.defaults(other), handler))
                    .isInstanceOf(AlreadyRunningException.class).hasMessageContaining("accepted a connection");
        }
    }

    @Test
    void theClientNamesTheSocketWhenNoDaemonListens() {
        Path socket = dir.resolve("vigil.sock");
        assertThatThrownBy(() -> new ControlClient(socket, WAIT).call("vigil.list", Map.of()))
                .isInstanceOfSatisfying(DaemonUnavailableException.class, e -> {
                    assertThat(e.socket()).isEqualTo(socket);
                    assertThat(e.getMessage()).contains(socket.toString());
                });
    }
}
