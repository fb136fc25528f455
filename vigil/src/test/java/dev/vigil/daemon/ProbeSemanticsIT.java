package dev.vigil.daemon;

import static dev.vigil.daemon.DaemonHarness.fixture;
import static dev.vigil.daemon.ProbeScenes.event;
import static dev.vigil.daemon.ProbeScenes.httpOver;
import static dev.vigil.daemon.ProbeScenes.seconds;
import static dev.vigil.daemon.ProbeScenes.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probe semantics against one real daemon supervising one service per misbehaviour: every hard
 * timeout holds (SIGSTOP, half-open, slow, dribbling peers), a 500 and a JSON-RPC error are
 * failures with their reason, readiness never restarts, startup probes gate the others and bound
 * the start, an unprobeable probe is reported and never restarts; plus status and vigil probe.
 */
class ProbeSemanticsIT {
    private static final String FAST = """
            interval = "1s"
            timeout = "400ms"
            start_grace = "1s"
            failures = 2
            """;
    private static final String WARN = "on_degraded = \"warn\"";
    /**
     * The most a round with the 400 ms timeout may take: the alarm and the probing thread may each
     * wake late on a loaded machine. Still below the slow handler's 2 s answer, so a timeout that
     * waited for the peer fails.
     */
    private static final long HELD_MS = 1500;

    @TempDir
    static Path dir;
    private static DaemonHarness daemon;
    private static final ProbeScenes scenes = new ProbeScenes();

    @BeforeAll
    static void startDaemon() throws Exception {
        Path script = dir.resolve("check.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String config = "[daemon]\nprobe_restart_budget = 50\n\n"
                + service("stopped", fixture("http-server", "--unix", sock("stopped")), WARN, "health",
                        httpOver(dir.resolve("stopped.sock"), FAST))
                + service("halfopen", fixture("half-open", "--unix", sock("halfopen")), WARN, "health",
                        httpOver(dir.resolve("halfopen.sock"), FAST))
                + service("slow", fixture("slow-handler", "--unix", sock("slow"), "--delay", "2s"), WARN, "health",
                        httpOver(dir.resolve("slow.sock"), FAST))
                + service("dribble", fixture("dribble", "--unix", sock("dribble"), "--every", "200ms"), WARN, "health",
                        httpOver(dir.resolve("dribble.sock"), FAST))
                + service("error", fixture("status-server", "--unix", sock("error"), "--status", "500"), WARN, "health",
                        httpOver(dir.resolve("error.sock"), FAST))
                + service("rpc", fixture("json-rpc-server", "--unix", sock("rpc"), "--fail"), WARN, "rpc",
                        "kind = \"jsonrpc\"\nunix = \"" + sock("rpc") + "\"\n" + FAST)
                + service("readyonly", fixture("empty-reply", "--unix", sock("readyonly")), "", "ready",
                        httpOver(dir.resolve("readyonly.sock"), FAST + "role = \"readiness\"\n"))
                + service("gated", ProbeScenes.shell("date +%s%N > " + dir.resolve("gated.began") + "; sleep 2; exec", fixture("http-server", "--unix", sock("gated")), ""),
                        WARN, "boot", """
                                kind = "tcp"
                                unix = "%s"
                                role = "startup"
                                interval = "300ms"
                                timeout = "200ms"
                                failures = 100
                                """.formatted(sock("gated")))
                + "[services.gated.probes.alive]\n" + httpOver(dir.resolve("gated.sock"), """
                        interval = "300ms"
                        timeout = "200ms"
                        failures = 1
                        """) + "\n"
                + service("nostart", fixture("sleeper"), "start_timeout = \"2s\"\n" + WARN, "boot",
                        "kind = \"tcp\"\nunix = \"" + sock("never") + "\"\nrole = \"startup\"\ninterval = \"300ms\"\ntimeout = \"200ms\"\n")
                + service("unprobeable", fixture("sleeper"), "", "check",
                        "kind = \"exec\"\ncommand = [\"" + script + "\"]\n" + FAST);
        Path file = dir.resolve("vigil.toml");
        Files.writeString(file, config);
        daemon = DaemonHarness.start(file, dir);
        daemon.awaitEvent(event("daemon_started", null), seconds(60));
        // The exec probe's command goes away after the config was accepted: the probe cannot run.
        Files.delete(script);
    }

    private static String sock(String name) {
        return dir.resolve(name + ".sock").toString();
    }

    @AfterAll
    static void stopDaemon() throws InterruptedException {
        scenes.continueAll();
        DaemonHarness.closeLeavingNothing(daemon);
    }

    /**
     * {@code service}'s first probe failure once its fixture listens. The ten fixture JVMs start at
     * once; on a loaded machine one may bind its socket only after the liveness start window
     * (start_grace + 3 intervals = 4 s), and the rounds before that fail, counted, with "connect
     * refused". Every failure before the one returned must be such a refusal: nothing else may
     * precede what the misbehaving peer causes.
     */
    private static JsonNode firstFailureOnceListening(String service) throws InterruptedException {
        JsonNode failed = daemon.awaitEvent(e -> event("probe_failed", service).test(e) && !refused(e), seconds(60));
        List<JsonNode> failures = ProbeScenes.eventsSince(daemon, 0, "probe_failed", service);
        assertThat(failures.subList(0, failures.indexOf(failed)))
                .as("failures before %s listened", service).allMatch(ProbeSemanticsIT::refused);
        return failed;
    }

    private static boolean refused(JsonNode failure) {
        return failure.path("reason").asText().startsWith("connect refused");
    }

    /** Awaits {@code service}'s first failure once it listens, checks its line, and that the hard timeout held. */
    private static JsonNode timedOut(String service) throws InterruptedException {
        JsonNode failed = firstFailureOnceListening(service);
        ProbeScenes.assertProbeLine(failed);
        assertThat(failed.path("reason").asText()).contains("timed out");
        assertThat(failed.path("latency_ms").asLong()).as("the 400 ms timeout holds").isBetween(400L, HELD_MS);
        daemon.awaitEvent(event("service_state_changed", service, "to", "degraded"), seconds(30));
        return failed;
    }

    @Test
    void aSigstoppedProcessTimesOutThenRecoversOnSigcont() throws Exception {
        daemon.awaitEvent(event("service_state_changed", "stopped", "to", "running"), seconds(60));
        long pid = ProbeScenes.pidOf(daemon, "stopped", "stopped");
        int mark = daemon.eventCount();
        scenes.stop(pid);
        try {
            JsonNode failed = daemon.awaitEvent(mark, event("probe_failed", "stopped"), seconds(30));
            ProbeScenes.assertProbeLine(failed);
            assertThat(failed.path("reason").asText()).contains("timed out");
            assertThat(failed.path("latency_ms").asLong()).isBetween(400L, HELD_MS);
            JsonNode degraded = daemon.awaitEvent(mark, event("service_state_changed", "stopped", "to", "degraded"), seconds(30));
            assertThat(degraded.path("reason").asText()).startsWith("health: ").endsWith("2/2");
        } finally {
            scenes.resume(pid);
        }
        JsonNode recovered = daemon.awaitEvent(mark, event("probe_recovered", "stopped"), seconds(30));
        ProbeScenes.assertProbeLine(recovered);
        daemon.awaitEvent(daemon.events().indexOf(recovered), event("service_state_changed", "stopped", "to", "running"),
                seconds(30));
        assertThat(ProbeScenes.pidOf(daemon, "stopped", "stopped")).as("warn: never restarted").isEqualTo(pid);
    }

    @Test
    void peersThatNeverFinishAnsweringHitTheHardTimeout() throws Exception {
        timedOut("halfopen");
        timedOut("slow");
        timedOut("dribble");
    }

    @Test
    void aServerErrorAndAJsonRpcErrorAreFailuresWithTheirReason() throws Exception {
        JsonNode error = firstFailureOnceListening("error");
        ProbeScenes.assertProbeLine(error);
        assertThat(error.path("reason").asText()).contains("500");
        JsonNode rpc = firstFailureOnceListening("rpc");
        ProbeScenes.assertProbeLine(rpc);
        assertThat(rpc.path("kind").asText()).isEqualTo("jsonrpc");
        assertThat(rpc.path("reason").asText()).contains("handler broken");
        daemon.awaitEvent(event("service_state_changed", "rpc", "to", "degraded"), seconds(30));
    }

    @Test
    void aReadinessFailureDegradesButNeverRestarts() throws Exception {
        JsonNode start = daemon.awaitEvent(event("process_started", "readyonly"), seconds(60));
        daemon.awaitEvent(event("service_state_changed", "readyonly", "to", "degraded"), seconds(30));
        daemon.awaitEvent(event("probe_failed", "readyonly", "consecutive", "5"), seconds(30));
        assertThat(ProbeScenes.eventsSince(daemon, 0, "restart_triggered", "readyonly")).isEmpty();
        assertThat(ProbeScenes.eventsSince(daemon, 0, "evidence_collected", "readyonly")).isEmpty();
        assertThat(ProbeScenes.pidOf(daemon, "readyonly", "readyonly")).isEqualTo(start.path("pid").asLong());
    }

    @Test
    void aStartupProbeGatesTheOthersAndStatusShowsEveryProbe() throws Exception {
        daemon.awaitEvent(event("process_started", "gated"), seconds(60));
        JsonNode running = daemon.awaitEvent(event("service_state_changed", "gated", "to", "running"), seconds(60));
        // From the shell's own clock reading before its 2 s sleep: process_started is stamped only after
        // posix_spawn returned, which on a loaded machine can be well after the shell began (1869 ms seen).
        Instant began = Instant.EPOCH.plusNanos(Long.parseLong(Files.readString(dir.resolve("gated.began")).trim()));
        assertThat(java.time.Duration.between(began, Instant.parse(running.path("ts").asText())).toMillis())
                .as("STARTING until the server listened (it sleeps 2 s first)").isGreaterThanOrEqualTo(2000);
        // The liveness probe (failures = 1, no grace) would have failed at once had it run before the startup probe passed.
        assertThat(ProbeScenes.eventsSince(daemon, 0, "probe_failed", "gated")).isEmpty();

        org.awaitility.Awaitility.await().atMost(seconds(20)).until(() ->
                daemon.cli("status", "gated").stdout().lines().anyMatch(l -> l.trim().startsWith("alive") && l.contains("healthy")));
        String status = daemon.cli("status", "gated").stdout();
        String alive = status.lines().filter(l -> l.trim().startsWith("alive")).findFirst().orElseThrow();
        assertThat(alive).contains("http", "liveness", "ok", "0/1").containsPattern("\\d+ms");
        String boot = status.lines().filter(l -> l.trim().startsWith("boot")).findFirst().orElseThrow();
        assertThat(boot).contains("tcp", "startup", "healthy");
        JsonNode probes = daemon.cli("status", "gated", "--json").json().path("probes");
        assertThat(probes).hasSize(2);
        JsonNode aliveJson = probes.get(1);
        assertThat(aliveJson.path("consecutive_successes").asInt()).isPositive();
        assertThat(aliveJson.path("last").path("latency_ms").isNumber()).isTrue();
        assertThat(aliveJson.path("next_run").asText()).as("a running probe has a next run").isNotEmpty();

        // vigil probe as a container HEALTHCHECK: exit 0 on an answer, 1 on a broken handler
        assertThat(daemon.cli("probe", "unix:" + sock("gated"), "--http", "/health", "--timeout", "1s").exitCode()).isZero();
        assertThat(daemon.cli("probe", "unix:" + sock("readyonly"), "--http", "/health", "--timeout", "1s").exitCode()).isOne();
        assertThat(daemon.cli("probe", "unix:" + sock("halfopen"), "--http", "/health", "--timeout", "500ms").exitCode()).isOne();
    }

    @Test
    void aStartupProbeThatNeverPassesWithinStartTimeoutIsAFailedStart() throws Exception {
        JsonNode timedOut = daemon.awaitEvent(event("start_timed_out", "nostart"), seconds(60));
        assertThat(timedOut.path("reason").asText()).contains("did not pass within start_timeout");
        daemon.awaitEvent(event("restart_scheduled", "nostart"), seconds(30));
    }

    @Test
    void anUnprobeableProbeIsReportedAndNeverRestarts() throws Exception {
        JsonNode unprobeable = daemon.awaitEvent(event("probe_unprobeable", "unprobeable"), seconds(60));
        assertThat(unprobeable.path("reason").asText()).contains("command not found or not executable");
        daemon.awaitEvent(event("probe_unprobeable", "unprobeable"), seconds(30));
        JsonNode start = daemon.awaitEvent(event("process_started", "unprobeable"), seconds(5));
        // Several rounds later: still the same process, never degraded by it.
        org.awaitility.Awaitility.await().atMost(seconds(20)).until(() -> daemon.cli("status", "unprobeable", "--json")
                .json().path("probes").get(0).path("last").path("outcome").asText().equals("unprobeable"));
        assertThat(ProbeScenes.eventsSince(daemon, 0, "restart_triggered", "unprobeable")).isEmpty();
        assertThat(ProbeScenes.eventsSince(daemon, 0, "probe_unprobeable", "unprobeable")).as("said once").hasSize(1);
        assertThat(ProbeScenes.pidOf(daemon, "unprobeable", "unprobeable")).isEqualTo(start.path("pid").asLong());
        assertThat(ProbeScenes.listRow(daemon, "unprobeable").orElseThrow()).startsWith("● running");
    }
}
