package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tcp and jsonrpc probers against real fixture servers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpAndJsonRpcProberIT {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final RealProbers prober = new RealProbers();

    @AfterEach
    void closeProbers() {
        prober.close();
    }

    @TempDir
    Path dir;

    @Test
    void tcpConnectsToTcpAndUnixListeners() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (FixtureProcess tcp = FixtureProcess.start("half-open", "--port", "0");
             FixtureProcess unix = FixtureProcess.start("half-open", "--unix", socket.toString())) {
            assertThat(prober.probe(new ProbeTarget.Tcp(tcp.endpoint()), TIMEOUT).describe()).startsWith("connected in ");
            assertThat(prober.probe(new ProbeTarget.Tcp(unix.endpoint()), TIMEOUT)).isInstanceOf(ProbeOutcome.Healthy.class);
        }
    }

    @Test
    void tcpToAMissingUnixSocket() {
        Path socket = dir.resolve("missing.sock");
        assertThat(prober.probe(new ProbeTarget.Tcp(new Endpoint.Unix(socket)), TIMEOUT).describe())
                .isEqualTo("connect refused (unix:" + socket + "): socket file missing");
    }

    @Test
    void jsonRpcDiscoverOverAUnixSocket() throws Exception {
        Path socket = dir.resolve("rpc.sock");
        try (FixtureProcess server = FixtureProcess.start("json-rpc-server", "--unix", socket.toString())) {
            ProbeOutcome outcome = prober.probe(Targets.discover(server.endpoint()), TIMEOUT);
            assertThat(outcome.describe()).startsWith("rpc.discover answered in ");
        }
    }

    @Test
    void jsonRpcErrorIsAFailureWithItsMessage() throws Exception {
        Path socket = dir.resolve("rpc.sock");
        try (FixtureProcess server = FixtureProcess.start("json-rpc-server", "--unix", socket.toString(), "--fail")) {
            ProbeOutcome outcome = prober.probe(Targets.discover(server.endpoint()), TIMEOUT);
            assertThat(outcome).isInstanceOf(ProbeOutcome.Unhealthy.class);
            assertThat(outcome.describe()).isEqualTo("JSON-RPC error -32000: handler broken");
        }
    }

    @Test
    void jsonRpcUnknownMethod() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("json-rpc-server", "--port", "0")) {
            ProbeTarget.JsonRpc call = new ProbeTarget.JsonRpc(server.endpoint(), ProbeTarget.JsonRpcTransport.LINE, "/",
                    "status", Optional.of("{\"verbose\":true}"));
            assertThat(prober.probe(call, TIMEOUT).describe()).isEqualTo("JSON-RPC error -32601: method not found: status");
        }
    }

    @Test
    void jsonRpcAgainstAnEmptyReply() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("empty-reply", "--port", "0")) {
            // empty-reply waits for an HTTP head that a one-line request never completes, then the deadline.
            ProbeOutcome outcome = prober.probe(Targets.discover(server.endpoint()), TIMEOUT);
            assertThat(outcome).isInstanceOf(ProbeOutcome.TimedOut.class);
        }
    }

    @Test
    void jsonRpcOverHttpAgainstAPlainHttpServer() throws Exception {
        try (FixtureProcess server = FixtureProcess.start("status-server", "--port", "0", "--status", "200", "--body", "hello")) {
            ProbeTarget.JsonRpc call = new ProbeTarget.JsonRpc(server.endpoint(), ProbeTarget.JsonRpcTransport.HTTP, "/rpc",
                    "rpc.discover", Optional.empty());
            assertThat(prober.probe(call, TIMEOUT).describe()).startsWith("invalid JSON-RPC reply");
        }
    }
}
