package dev.vigil.daemon;

import static dev.vigil.daemon.EndToEnd.WAIT;
import static dev.vigil.daemon.EndToEnd.assertKeys;
import static dev.vigil.daemon.EndToEnd.instant;
import static dev.vigil.daemon.EndToEnd.shService;
import static dev.vigil.daemon.EndToEnd.sleeper;
import static dev.vigil.daemon.EndToEnd.stateChanged;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.daemon.DaemonHarness.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every CLI command end to end: the real CLI process against the real daemon, {@code --json}
 * checked key by key against docs/API.md, exit codes against docs/CLI.md. One daemon for the
 * class (start-up is the slow part); tests that change a service use their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private DaemonHarness daemon;

    @BeforeAll
    void startDaemon(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config,
                shService("web", "echo hello-out; echo hello-err >&2; exec sleep 600")
                        + shService("ticker", "i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.2; done")
                        // A closed port (we bound it, learned it, closed it): connect refused, every time.
                        + sleeper("sick", "on_degraded = \"warn\"", "[services.sick.probes.port]", "kind = \"tcp\"",
                                "address = \"127.0.0.1:" + closedPort() + "\"", "interval = \"300ms\"", "timeout = \"200ms\"",
                                "failures = 1")
                        + shService("crashy", "exit 3", "max_restarts = 0", "failed_retry = \"never\"")
                        + sleeper("idle", "autostart = false")
                        + sleeper("mover")
                        + sleeper("mover2"));
        daemon = DaemonHarness.start(config, dir);
        daemon.awaitEvent(DaemonHarness.event("daemon_started", null, Map.of()), WAIT);
        daemon.awaitEvent(stateChanged("sick", "degraded"), WAIT);
        daemon.awaitEvent(stateChanged("crashy", "failed"), WAIT);
        daemon.awaitEvent(stateChanged("web", "running"), WAIT);
    }

    @AfterAll
    void stopDaemon() throws Exception {
        DaemonHarness.terminateLeavingNothing(daemon, WAIT);
    }

    private static int closedPort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void listJsonHasEveryDocumentedKeyAndTheStatesTheConfigLeadsTo() throws Exception {
        CliResult list = daemon.cli("list", "--json");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        JsonNode root = list.json();
        assertKeys(root, "services");
        List<String> names = new ArrayList<>();
        for (JsonNode s : root.get("services")) {
            names.add(s.get("name").asText());
            assertKeys(s, "name", "state", "reason", "since", "pids", "uptime_ms", "restarts", "next_retry",
                    "status_text", "failing_probes", "last_restart", "restarts_last_hour", "restarts_last_day",
                    "next_action", "next_action_at");
            instant(s.get("since"));
            assertThat(s.get("pids").isArray()).isTrue();
            assertThat(s.get("restarts").isIntegralNumber()).isTrue();
            assertThat(s.get("failing_probes").isArray()).isTrue();
        }
        assertThat(names).as("sorted by name").containsExactly("crashy", "idle", "mover", "mover2", "sick", "ticker", "web");

        JsonNode web = service(root, "web");
        assertThat(web.get("state").asText()).isEqualTo("running");
        assertThat(web.get("pids")).hasSize(1);
        assertThat(ProcessHandle.of(web.get("pids").get(0).asLong())).as("the listed PID is alive").isPresent();
        assertThat(web.get("uptime_ms").isIntegralNumber()).isTrue();
        assertThat(web.get("next_retry").isNull()).isTrue();

        JsonNode sick = service(root, "sick");
        assertThat(sick.get("state").asText()).isEqualTo("degraded");
        assertThat(sick.get("reason").asText()).contains("refused");
        JsonNode failing = sick.get("failing_probes").get(0);
        assertKeys(failing, "probe", "reason", "consecutive", "threshold");
        assertThat(failing.get("probe").asText()).isEqualTo("port");
        assertThat(failing.get("threshold").asInt()).isEqualTo(1);
        assertThat(failing.get("consecutive").asInt()).isGreaterThanOrEqualTo(1);

        JsonNode crashy = service(root, "crashy");
        assertThat(crashy.get("state").asText()).isEqualTo("failed");
        assertThat(crashy.get("pids")).isEmpty();
        assertThat(crashy.get("uptime_ms").isNull()).isTrue();
        assertThat(crashy.get("reason").asText()).isNotBlank();

        JsonNode idle = service(root, "idle");
        assertThat(idle.get("state").asText()).isEqualTo("stopped");
        assertThat(idle.get("pids")).isEmpty();
    }

    @Test
    void listTextShowsGlyphStateNameAndReasonWithoutColourWhenNotATerminal() throws Exception {
        CliResult list = daemon.cli("list");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stdout()).doesNotContain("\u001b[");
        String[] lines = list.stdout().split("\n");
        assertThat(lines[0]).startsWith("STATE").contains("NAME", "PIDS", "UPTIME", "RESTARTS", "REASON");
        assertThat(line(lines, " web ")).startsWith("● running");
        assertThat(line(lines, " sick ")).startsWith("◐ degraded").contains("refused");
        assertThat(line(lines, " crashy ")).startsWith("✕ failed");
        assertThat(line(lines, " idle ")).startsWith("○ stopped");
    }

    @Test
    void statusExitCodeTellsTheState() throws Exception {
        assertThat(daemon.cli("status", "web").exitCode()).isEqualTo(0);
        assertThat(daemon.cli("status", "sick").exitCode()).isEqualTo(1);
        assertThat(daemon.cli("status", "crashy").exitCode()).as("failed is not running").isEqualTo(3);
        assertThat(daemon.cli("status", "idle").exitCode()).isEqualTo(3);
        CliResult unknown = daemon.cli("status", "wbe");
        assertThat(unknown.exitCode()).isEqualTo(4);
        assertThat(unknown.stderr()).contains("unknown service 'wbe'").contains("Did you mean 'web'?");
    }

    @Test
    void statusJsonHasProcessesProbesAndRecentEvents() throws Exception {
        CliResult status = daemon.cli("status", "sick", "--json");
        assertThat(status.exitCode()).as(status.stderr()).isEqualTo(1);
        JsonNode detail = status.json();
        assertKeys(detail, "name", "state", "reason", "since", "restarts", "next_retry", "status_text", "processes",
                "probes", "recent_events", "last_restart", "restarts_last_hour", "restarts_last_day", "next_action",
                "next_action_at");
        assertThat(detail.get("name").asText()).isEqualTo("sick");
        assertThat(detail.get("state").asText()).isEqualTo("degraded");

        JsonNode process = detail.get("processes").get(0);
        assertKeys(process, "name", "pid", "pgid", "started_at", "uptime_ms", "alive", "last_exit", "notify_channel", "limits");
        assertThat(process.get("alive").asBoolean()).isTrue();
        assertThat(process.get("pid").asLong()).isPositive();
        assertThat(process.get("pgid").asLong()).as("its own process group").isEqualTo(process.get("pid").asLong());
        instant(process.get("started_at"));
        assertThat(process.get("last_exit").isNull()).isTrue();
        assertThat(process.get("limits").isNull()).as("no memory_max or cpu_max").isTrue();

        JsonNode probe = detail.get("probes").get(0);
        assertKeys(probe, "name", "kind", "target", "role", "process", "last", "consecutive_failures",
                "consecutive_successes", "failure_threshold", "failing", "next_run", "recent");
        assertThat(probe.get("name").asText()).isEqualTo("port");
        assertThat(probe.get("kind").asText()).isEqualTo("tcp");
        assertThat(probe.get("target").asText()).contains("127.0.0.1:");
        assertThat(probe.get("role").asText()).isEqualTo("liveness");
        assertThat(probe.get("failing").asBoolean()).isTrue();
        assertThat(probe.get("failure_threshold").asInt()).isEqualTo(1);
        JsonNode last = probe.get("last");
        assertKeys(last, "outcome", "reason", "latency_ms", "at");
        assertThat(last.get("outcome").asText()).isEqualTo("unhealthy");
        instant(last.get("at"));

        assertThat(detail.get("recent_events")).isNotEmpty();
        for (JsonNode event : detail.get("recent_events")) {
            assertEvent(event);
            assertThat(event.get("service").asText()).isEqualTo("sick");
        }
    }

    @Test
    void statusOfAFailedServiceShowsItsLastExit() throws Exception {
        JsonNode detail = daemon.cli("status", "crashy", "--json").json();
        JsonNode exit = detail.get("processes").get(0).get("last_exit");
        assertKeys(exit, "at", "code", "signal", "description");
        assertThat(exit.get("code").asInt()).isEqualTo(3);
        assertThat(exit.get("signal").isNull()).isTrue();
        assertThat(exit.get("description").asText()).isEqualTo("exited with code 3");
        assertThat(detail.get("processes").get(0).get("alive").asBoolean()).isFalse();
    }

    @Test
    void stopStartRestartAnswerWithTheStateReached() throws Exception {
        long before = EndToEnd.pids(daemon).get("mover").getFirst();

        CliResult stop = daemon.cli("stop", "mover", "--json");
        assertThat(stop.exitCode()).as(stop.stderr()).isZero();
        JsonNode stopped = stop.json().get("results").get(0);
        assertKeys(stopped, "name", "ok", "state", "message", "dependents");
        assertThat(stopped.get("ok").asBoolean()).isTrue();
        assertThat(stopped.get("state").asText()).isEqualTo("stopped");
        assertThat(ProcessHandle.of(before).filter(ProcessHandle::isAlive)).as("stop returns once it is down").isEmpty();
        assertThat(daemon.cli("status", "mover").exitCode()).isEqualTo(3);

        CliResult start = daemon.cli("start", "mover");
        assertThat(start.exitCode()).as(start.stderr()).isZero();
        assertThat(start.stdout()).contains("ok").contains("mover").contains("running");
        long started = EndToEnd.pids(daemon).get("mover").getFirst();
        assertThat(started).isNotEqualTo(before);

        CliResult restart = daemon.cli("restart", "mover", "mover2", "--json");
        assertThat(restart.exitCode()).as(restart.stderr()).isZero();
        JsonNode results = restart.json().get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("name").asText()).as("request order").isEqualTo("mover");
        assertThat(results.get(1).get("name").asText()).isEqualTo("mover2");
        results.forEach(r -> assertThat(r.get("state").asText()).isEqualTo("running"));
        assertThat(EndToEnd.pids(daemon).get("mover").getFirst()).isNotEqualTo(started);
    }

    @Test
    void aCommandOnAnUnknownNameChangesNothing() throws Exception {
        Map<String, List<Long>> before = EndToEnd.pids(daemon);
        CliResult stop = daemon.cli("stop", "mover2", "movr");
        assertThat(stop.exitCode()).isEqualTo(4);
        assertThat(stop.stderr()).contains("'movr'").contains("Did you mean 'mover'");
        assertThat(EndToEnd.pids(daemon).get("mover2")).isEqualTo(before.get("mover2"));
    }

    @Test
    void resetRevivesAFailedService() throws Exception {
        int from = daemon.eventCount();
        CliResult reset = daemon.cli("reset", "crashy", "--json");
        assertThat(reset.exitCode()).as(reset.stdout() + reset.stderr()).isZero();
        JsonNode result = reset.json().get("results").get(0);
        assertKeys(result, "name", "ok", "state", "message", "dependents");
        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("message").asText()).startsWith("reset");
        daemon.awaitEvent(from, DaemonHarness.event("process_started", "crashy", Map.of()), WAIT);
        // It exits 3 again at once, and with max_restarts = 0 is failed again.
        daemon.awaitEvent(from, stateChanged("crashy", "failed"), WAIT);
    }

    @Test
    void logsShowsBothStreamsAndJsonLinesCarryTheirSeq() throws Exception {
        CliResult text = daemon.cli("logs", "web");
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout()).contains("hello-out").contains("hello-err");
        assertThat(text.stdout().lines().filter(l -> l.contains("hello-err")).findFirst().orElseThrow())
                .as("stderr marked with !").contains("!");

        CliResult json = daemon.cli("logs", "web", "--json", "-n", "1");
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        List<String> lines = json.stdout().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode entry = JSON.readTree(lines.getFirst());
        assertKeys(entry, "seq", "at", "stream", "text", "process");
        assertThat(entry.get("seq").isIntegralNumber()).isTrue();
        instant(entry.get("at"));
        assertThat(entry.get("stream").asText()).isIn("stdout", "stderr");

        CliResult badProcess = daemon.cli("logs", "web", "--process", "nope");
        assertThat(badProcess.exitCode()).isNotZero();
        assertThat(daemon.cli("logs", "wbe").exitCode()).isEqualTo(4);
    }

    @Test
    void logsFollowPrintsNewLinesOnceInOrder() throws Exception {
        List<String> lines = EndToEnd.firstLines(daemon, 8, "logs", "ticker", "-f", "--json", "-n", "1");
        assertThat(lines).hasSize(8);
        long previousSeq = -1;
        int previousTick = -1;
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            long seq = entry.get("seq").asLong();
            int tick = Integer.parseInt(entry.get("text").asText().replace("tick ", ""));
            if (previousSeq >= 0) {
                assertThat(seq).as("no duplicates, no gaps").isEqualTo(previousSeq + 1);
                assertThat(tick).isEqualTo(previousTick + 1);
            }
            previousSeq = seq;
            previousTick = tick;
        }
    }

    @Test
    void eventsSinceFiltersByTimeAndNameAndJsonIsTheDocumentedShape() throws Exception {
        CliResult all = daemon.cli("events", "--json", "--limit", "1000");
        assertThat(all.exitCode()).as(all.stderr()).isZero();
        assertKeys(all.json(), "events");
        JsonNode events = all.json().get("events");
        assertThat(events).isNotEmpty();
        long previousId = Long.MIN_VALUE;
        for (JsonNode event : events) {
            assertEvent(event);
            assertThat(event.get("id").asLong()).as("oldest first").isGreaterThan(previousId);
            previousId = event.get("id").asLong();
        }

        CliResult web = daemon.cli("events", "web", "--json");
        assertThat(web.json().get("events")).isNotEmpty().allSatisfy(e -> assertThat(e.get("service").asText()).isEqualTo("web"));

        // Nothing is in the future; a restart now shows up within the last minute.
        int from = daemon.eventCount();
        assertThat(daemon.cli("restart", "mover2").exitCode()).isZero();
        daemon.awaitEvent(from, DaemonHarness.event("process_started", "mover2", Map.of()), WAIT);
        Instant startedAfter = Instant.now().minusSeconds(60);
        CliResult recent = daemon.cli("events", "mover2", "--since", "1m", "--json");
        assertThat(recent.exitCode()).as(recent.stderr()).isZero();
        assertThat(recent.json().get("events")).isNotEmpty()
                .allSatisfy(e -> assertThat(instant(e.get("ts"))).isAfterOrEqualTo(startedAfter.minusSeconds(5)))
                .anySatisfy(e -> assertThat(e.get("type").asText()).isEqualTo("process_started"));
        CliResult iso = daemon.cli("events", "--since", Instant.now().plusSeconds(3600).toString(), "--json");
        assertThat(iso.json().get("events")).as("nothing after an hour from now").isEmpty();

        CliResult text = daemon.cli("events", "web", "--limit", "3");
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout().lines().toList()).hasSizeLessThanOrEqualTo(3).allSatisfy(l -> assertThat(l).contains("web"));
        assertThat(daemon.cli("events", "--since", "yesterday-ish").exitCode()).as("usage error").isEqualTo(2);
    }

    @Test
    void helpOnEveryCommandHasAnExample() throws Exception {
        for (String command : List.of("list", "status", "start", "stop", "restart", "reset", "logs", "events", "reload")) {
            CliResult help = CliResult.run(DaemonHarness.javaCommand(command, "--help"));
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.stdout()).as(command).contains("Example");
        }
    }

    @Test
    void withNoDaemonEveryClientCommandSaysSoInOneLineWithItsOwnExitCode() throws Exception {
        Path nowhere = dir.resolve("no-daemon-here");
        for (List<String> args : List.of(List.of("list"), List.of("status", "web"), List.of("stop", "web"),
                List.of("events"), List.of("reload"))) {
            List<String> command = DaemonHarness.javaCommand("--state-dir", nowhere.toString());
            command.addAll(args);
            CliResult result = CliResult.run(command);
            assertThat(result.exitCode()).as("%s", args).isEqualTo(5);
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr().lines().toList()).as("%s", args).hasSize(1).first().asString()
                    .contains(nowhere.resolve("vigil.sock").toString()).contains("vigil daemon --config");
        }
    }

    private static void assertEvent(JsonNode event) {
        assertKeys(event, "id", "ts", "type", "service", "process", "severity", "fields", "count", "last_ts");
        assertThat(event.get("count").asInt()).isPositive();
        if (event.get("count").asInt() == 1) {
            assertThat(event.get("last_ts").isNull()).isTrue();
        } else {
            instant(event.get("last_ts"));
        }
        assertThat(event.get("id").isIntegralNumber()).isTrue();
        instant(event.get("ts"));
        assertThat(event.get("type").asText()).matches("[a-z_]+");
        assertThat(event.get("severity").asText()).isIn("debug", "info", "warn", "error");
        assertThat(event.get("fields").isObject()).isTrue();
    }

    private static JsonNode service(JsonNode list, String name) {
        for (JsonNode s : list.get("services")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no service " + name + " in " + list);
    }

    private static String line(String[] lines, String containing) {
        for (String l : lines) {
            if (l.contains(containing)) {
                return l;
            }
        }
        throw new AssertionError("no line with '" + containing + "' in:\n" + String.join("\n", lines));
    }
}
