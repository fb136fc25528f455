package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeTarget;
import dev.vigil.json.Json;
import dev.vigil.probe.ProbeOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Parsing, printing and exit codes of {@code vigil probe}, with a scripted prober. */
class ProbeCommandTest {

    private final AtomicReference<ProbeTarget> probed = new AtomicReference<>();
    private final AtomicReference<Duration> limit = new AtomicReference<>();
    private ProbeOutcome answer = new ProbeOutcome.Healthy(Duration.ofMillis(3), "HTTP 200");
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ProbeCommand((target, timeout) -> {
            probed.set(target);
            limit.set(timeout);
            return answer;
        }));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void httpUrl() {
        assertThat(run("http://127.0.0.1:8080/health?deep=1", "--timeout", "250ms")).isZero();
        ProbeTarget.Http http = (ProbeTarget.Http) probed.get();
        assertThat(http.endpoint()).isEqualTo(new Endpoint.Tcp("127.0.0.1", 8080));
        assertThat(http.path()).isEqualTo("/health?deep=1");
        assertThat(http.hostHeader()).isEqualTo("127.0.0.1:8080");
        assertThat(limit.get()).isEqualTo(Duration.ofMillis(250));
        assertThat(out.toString()).isEqualTo("ok: HTTP 200 in 3.0 ms (GET 127.0.0.1:8080/health?deep=1)\n");
    }

    @Test
    void unixSocketWithHttp() {
        run("unix:/run/os/ui.sock", "--http", "/health");
        ProbeTarget.Http http = (ProbeTarget.Http) probed.get();
        assertThat(http.endpoint()).isEqualTo(new Endpoint.Unix(Path.of("/run/os/ui.sock")));
        assertThat(http.hostHeader()).isEqualTo("localhost");
        assertThat(limit.get()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void plainSocketsAreConnectProbes() {
        run("unix:/run/x.sock");
        assertThat(probed.get()).isEqualTo(new ProbeTarget.Tcp(new Endpoint.Unix(Path.of("/run/x.sock"))));
        run("tcp://localhost:5432");
        assertThat(probed.get()).isEqualTo(new ProbeTarget.Tcp(new Endpoint.Tcp("localhost", 5432)));
        run("[::1]:80");
        assertThat(probed.get()).isEqualTo(new ProbeTarget.Tcp(new Endpoint.Tcp("::1", 80)));
    }

    @Test
    void jsonRpcOverASocket() {
        run("unix:/run/api.sock", "--jsonrpc", "status", "--params", "[1]");
        ProbeTarget.JsonRpc rpc = (ProbeTarget.JsonRpc) probed.get();
        assertThat(rpc.method()).isEqualTo("status");
        assertThat(rpc.paramsJson()).contains("[1]");
        assertThat(rpc.transport()).isEqualTo(ProbeTarget.JsonRpcTransport.LINE);
    }

    @Test
    void execWithArguments() {
        run("--timeout", "5s", "exec:pg_isready", "--", "-h", "127.0.0.1");
        assertThat(probed.get()).isEqualTo(new ProbeTarget.Exec(List.of("pg_isready", "-h", "127.0.0.1"), java.util.Optional.empty()));
        run("exec:sh -c true");
        assertThat(((ProbeTarget.Exec) probed.get()).command()).containsExactly("sh", "-c", "true");
    }

    @Test
    void grpcHealthChecks() {
        run("grpc://127.0.0.1:50051/vigil.Demo");
        assertThat(probed.get()).isEqualTo(new ProbeTarget.Grpc(new Endpoint.Tcp("127.0.0.1", 50051), "vigil.Demo", false));
        run("grpcs://[::1]:443");
        assertThat(probed.get()).isEqualTo(new ProbeTarget.Grpc(new Endpoint.Tcp("::1", 443), "", true));
        probed.set(null);
        assertThat(run("grpc://127.0.0.1:50051/x", "--http", "/")).isEqualTo(2);
        assertThat(run("grpc://unix:/run/x.sock")).isEqualTo(2);
        assertThat(err.toString()).contains("grpc probes connect over TCP");
        assertThat(probed.get()).isNull();
    }

    @Test
    void exitCodesFollowTheVerdict() {
        answer = new ProbeOutcome.Unhealthy("empty reply (connection closed before any byte)", Duration.ofMillis(2));
        assertThat(run("127.0.0.1:80", "--http", "/")).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("failed: empty reply (connection closed before any byte) after 2.0 ms (GET 127.0.0.1:80/)\n");
        answer = new ProbeOutcome.TimedOut(Duration.ofSeconds(1));
        assertThat(run("127.0.0.1:80")).isEqualTo(1);
        answer = new ProbeOutcome.Unprobeable("command not found or not executable: x");
        assertThat(run("exec:x")).isEqualTo(2);
    }

    @Test
    void jsonOutputIsOneParsableObject() throws Exception {
        answer = new ProbeOutcome.Unhealthy("HTTP 500 (expected 200-399) \"quoted\"", Duration.ofMillis(4));
        assertThat(run("http://h:1/x", "--json")).isEqualTo(1);
        Map<?, ?> parsed = (Map<?, ?>) Json.parse(out.toString());
        assertThat(parsed.get("result")).isEqualTo("failed");
        assertThat(parsed.get("detail")).isEqualTo("HTTP 500 (expected 200-399) \"quoted\"");
        assertThat(parsed.get("target")).isEqualTo("GET h:1/x");
        assertThat(parsed.get("latency_ms").toString()).isEqualTo("4.0");
    }

    @Test
    void usageErrorsExitTwoAndNameTheProblem() {
        assertThat(run("nonsense")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read SPEC 'nonsense'");
        assertThat(run("127.0.0.1:99999")).isEqualTo(2);
        assertThat(run("127.0.0.1:80", "--timeout", "0s")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout must be > 0");
        assertThat(run("https://example.org/")).isEqualTo(2);
        assertThat(run("--bogus", "127.0.0.1:80")).isEqualTo(2);
        assertThat(probed.get()).isNull();
    }
}
