package dev.vigil.daemon;

import static dev.vigil.daemon.NotifyPeers.stateTo;
import static dev.vigil.daemon.NotifyPeers.tell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [consul]} end to end: a real daemon, a real notify service (the Python peer) pinging its
 * watchdog or not, and a real HTTP server on 127.0.0.1 standing for the Consul agent, recording
 * every PUT: the check IDs are those {@code vigil export consul} writes, the token is sent, a fed
 * watchdog passes, a missed one fails, an agent that goes away and comes back is said and resumed.
 */
class ConsulTtlIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CHECK = "vigil:worker:worker:watchdog";

    @TempDir
    Path dir;
    private DaemonHarness daemon;
    private HttpServer agent;
    /** "PUT /v1/agent/check/pass/ID note=... token=..." per request, in arrival order. */
    private final List<String> puts = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        DaemonHarness.terminateLeavingNothing(daemon, WAIT);
        if (agent != null) {
            agent.stop(0);
        }
    }

    private HttpServer agent(int port) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            synchronized (puts) {
                puts.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                        + " note=" + (query == null ? "" : URLDecoder.decode(query.replaceFirst("^note=", ""), StandardCharsets.UTF_8))
                        + " token=" + exchange.getRequestHeaders().getFirst("X-Consul-Token"));
                puts.notifyAll();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Waits for a recorded request matching {@code match} at index >= {@code from}; returns it. */
    private String awaitPut(int from, Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (puts) {
            while (true) {
                for (int i = from; i < puts.size(); i++) {
                    if (match.test(puts.get(i))) {
                        return puts.get(i);
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                assertThat(left).as("a matching PUT within %s; seen: %s", WAIT, puts).isPositive();
                puts.wait(left);
            }
        }
    }

    private int putCount() {
        synchronized (puts) {
            return puts.size();
        }
    }

    @Test
    void theDaemonPassesAndFailsTheWatchdogTtlCheckThatExportWrote() throws Exception {
        agent = agent(0);
        int port = agent.getAddress().getPort();
        Path commands = dir.resolve("worker.cmd");
        Files.writeString(commands, "");
        Files.writeString(dir.resolve("consul.token"), "s3cret\n");
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [consul]
                address = "http://127.0.0.1:%d"
                token_file = "consul.token"
                services = ["worker"]

                [services.worker]
                command = %s
                type = "notify"
                watchdog = "2s"
                on_degraded = "warn"
                """.formatted(port, DaemonHarness.toml(NotifyPeers.client(commands))));

        DaemonHarness.CliResult export = DaemonHarness.CliResult.run(DaemonHarness.javaCommand("export", "consul",
                "-c", config.toString()));
        assertThat(export.exitCode()).as(export.stderr()).isZero();
        assertThat(export.json().at("/services/0/checks/0/id").asText()).as("the id export writes").isEqualTo(CHECK);

        daemon = DaemonHarness.start(config, dir);
        tell(commands, "READY=1", "ping on");
        daemon.awaitEvent(stateTo("worker", "running"), WAIT);
        String pass = awaitPut(0, p -> p.startsWith("PUT /v1/agent/check/pass/" + CHECK + " "));
        assertThat(pass).contains(" note=WATCHDOG=1 ").endsWith(" token=s3cret");
        daemon.awaitEvent(DaemonHarness.event("consul_check_updated", "worker", Map.of("check", CHECK, "status", "pass")), WAIT);

        int from = putCount();
        tell(commands, "ping off");
        String fail = awaitPut(from, p -> p.startsWith("PUT /v1/agent/check/fail/" + CHECK + " "));
        assertThat(fail).contains(" note=no WATCHDOG=1 within 2s ");
        daemon.awaitEvent(DaemonHarness.event("consul_check_updated", "worker", Map.of("status", "fail")), WAIT);

        // The agent goes away: said once, supervision goes on; it comes back: resumed, and passing again.
        agent.stop(0);
        int events = daemon.eventCount();
        tell(commands, "ping on");
        JsonNode failing = daemon.awaitEvent(events, DaemonHarness.event("consul_updates_failing", null, Map.of()), WAIT);
        assertThat(failing.path("reason").asText()).isEqualTo("cannot connect to http://127.0.0.1:" + port);
        assertThat(daemon.cli("status", "worker", "--json").json().path("state").asText()).isEqualTo("running");
        from = putCount();
        agent = agent(port);
        daemon.awaitEvent(events, DaemonHarness.event("consul_updates_resumed", null, Map.of()), WAIT);
        awaitPut(from, p -> p.startsWith("PUT /v1/agent/check/pass/" + CHECK + " "));
    }
}
