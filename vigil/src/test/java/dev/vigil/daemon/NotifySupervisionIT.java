package dev.vigil.daemon;

import static dev.vigil.daemon.NotifyPeers.all;
import static dev.vigil.daemon.NotifyPeers.between;
import static dev.vigil.daemon.NotifyPeers.event;
import static dev.vigil.daemon.NotifyPeers.received;
import static dev.vigil.daemon.NotifyPeers.stateTo;
import static dev.vigil.daemon.NotifyPeers.tell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notify protocol end to end: the real daemon, a Python AF_UNIX datagram client as the
 * service (steered through a command file), and datagrams the test sends from outside.
 */
class NotifySupervisionIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private DaemonHarness start(String service, Path commands, String extra) throws Exception {
        Files.writeString(commands, "");
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [daemon]
                probe_restart_budget = 100

                [services.%s]
                command = %s
                type = "notify"
                %s

                [services.%s.backoff]
                initial = "200ms"
                jitter = 0.0
                """.formatted(service, DaemonHarness.toml(NotifyPeers.client(commands)), extra, service));
        return DaemonHarness.start(config, dir);
    }

    @Test
    void readyStatusAndTheSocketFileFromStartToStop() throws Exception {
        Path commands = dir.resolve("py.cmd");
        try (DaemonHarness daemon = start("py", commands, "watchdog = \"2s\"")) {
            JsonNode started = daemon.awaitEvent(event("process_started", "py"), WAIT);
            Path socket = NotifyPeers.socketOf(daemon, "py");
            // STARTING until READY=1: the process is up, the service is not running yet.
            assertThat(daemon.cli("status", "py", "--json").json().path("state").asText()).isEqualTo("starting");
            assertThat(Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class).isOther()).as("socket %s", socket).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");

            tell(commands, "STATUS=warming done\\nREADY=1", "ping on");
            JsonNode ready = daemon.awaitEvent(received("py", "READY"), WAIT);
            JsonNode running = daemon.awaitEvent(stateTo("py", "running"), WAIT);
            assertThat(running.path("from").asText()).isEqualTo("starting");
            assertThat(between(started, ready)).isPositive();
            assertThat(daemon.cli("status", "py", "--json").json().path("status_text").asText()).isEqualTo("warming done");
            assertThat(daemon.cli("list", "--json").json().path("services").get(0).path("status_text").asText())
                    .isEqualTo("warming done");
            assertThat(daemon.cli("status", "py").stdout()).contains("warming done");

            assertThat(daemon.cli("stop", "py").exitCode()).isZero();
            daemon.awaitEvent(stateTo("py", "stopped"), WAIT);
            assertThat(Files.exists(socket)).as("socket removed after the stop").isFalse();
            assertThat(daemon.terminate(WAIT)).isZero();
            assertThat(daemon.leftovers()).isEmpty();
        }
    }

    @Test
    void watchdogTriggerRestartsAtOnceWithEvidence() throws Exception {
        Path commands = dir.resolve("trig.cmd");
        try (DaemonHarness daemon = start("trig", commands, "watchdog = \"1m\"")) {
            tell(commands, "READY=1");
            JsonNode firstStart = daemon.awaitEvent(event("process_started", "trig"), WAIT);
            daemon.awaitEvent(stateTo("trig", "running"), WAIT);
            int from = daemon.eventCount();
            tell(commands, "WATCHDOG=trigger");
            JsonNode missed = daemon.awaitEvent(from, event("watchdog_missed", "trig"), WAIT);
            assertThat(missed.path("reason").asText()).isEqualTo("WATCHDOG=trigger");
            assertThat(missed.path("interval_ms").asLong()).isEqualTo(60_000);
            JsonNode triggered = daemon.awaitEvent(from, event("restart_triggered", "trig"), WAIT);
            assertThat(triggered.path("reason").asText()).contains("watchdog missed: WATCHDOG=trigger");
            JsonNode evidence = daemon.awaitEvent(from, event("evidence_collected", "trig"), WAIT);
            assertThat(evidence.path("pid").asLong()).isEqualTo(firstStart.path("pid").asLong());
            assertThat(evidence.path("reason").asText()).contains("WATCHDOG=trigger");
            JsonNode again = daemon.awaitEvent(from, event("process_started", "trig"), WAIT);
            assertThat(again.path("pid").asLong()).isNotEqualTo(firstStart.path("pid").asLong());
            // "at once": long before the one-minute interval could have expired.
            assertThat(between(firstStart, missed)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void missedPingsUnderWarnDegradeAndPingsRecover() throws Exception {
        Path commands = dir.resolve("warn.cmd");
        try (DaemonHarness daemon = start("warn", commands, "watchdog = \"1s\"\non_degraded = \"warn\"")) {
            tell(commands, "READY=1", "ping on");
            daemon.awaitEvent(stateTo("warn", "running"), WAIT);
            int from = daemon.eventCount();
            tell(commands, "ping off");
            JsonNode missed = daemon.awaitEvent(from, event("watchdog_missed", "warn"), WAIT);
            assertThat(missed.path("reason").asText()).isEqualTo("no WATCHDOG=1 within 1s");
            daemon.awaitEvent(from, stateTo("warn", "degraded"), WAIT);
            assertThat(daemon.cli("status", "warn", "--json").json().path("reason").asText()).contains("watchdog missed");

            tell(commands, "ping on");
            daemon.awaitEvent(from, stateTo("warn", "running"), WAIT);
            assertThat(all(daemon, "restart_triggered", "warn")).isEmpty();
            assertThat(all(daemon, "process_started", "warn")).hasSize(1);
        }
    }

    @Test
    void watchdogUsecChangesTheDeadlineAtRunTime() throws Exception {
        Path commands = dir.resolve("usec.cmd");
        try (DaemonHarness daemon = start("usec", commands, "watchdog = \"1m\"\non_degraded = \"warn\"")) {
            tell(commands, "READY=1\\nWATCHDOG=1");
            daemon.awaitEvent(stateTo("usec", "running"), WAIT);
            tell(commands, "WATCHDOG_USEC=700000");
            JsonNode changed = daemon.awaitEvent(received("usec", "WATCHDOG_USEC"), WAIT);
            assertThat(changed.path("value").asText()).isEqualTo("700000");
            JsonNode missed = daemon.awaitEvent(event("watchdog_missed", "usec"), WAIT);
            assertThat(missed.path("interval_ms").asLong()).isEqualTo(700);
            assertThat(missed.path("reason").asText()).isEqualTo("no WATCHDOG=1 within 700ms");
            // The new deadline counts from the change; the configured minute would still be far off.
            assertThat(between(changed, missed)).isBetween(Duration.ofMillis(600), Duration.ofSeconds(10));
        }
    }

    @Test
    void extendTimeoutUsecExtendsTheStart() throws Exception {
        Path commands = dir.resolve("slow.cmd");
        tell(commands, "EXTEND_TIMEOUT_USEC=20000000", "sleep 2.5", "READY=1");
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [services.slow]
                command = %s
                type = "notify"
                start_timeout = "1s"
                """.formatted(DaemonHarness.toml(NotifyPeers.client(commands))));
        try (DaemonHarness daemon = DaemonHarness.start(config, dir)) {
            JsonNode started = daemon.awaitEvent(event("process_started", "slow"), WAIT);
            daemon.awaitEvent(received("slow", "EXTEND_TIMEOUT_USEC"), WAIT);
            JsonNode running = daemon.awaitEvent(stateTo("slow", "running"), WAIT);
            assertThat(between(started, running)).isGreaterThan(Duration.ofSeconds(2));
            assertThat(all(daemon, "start_timed_out", "slow")).isEmpty();
            assertThat(all(daemon, "process_started", "slow")).hasSize(1);
        }
    }

    @Test
    void noReadyWithinStartTimeoutIsAFailedStartHandledByTheRestartPolicy() throws Exception {
        Path commands = dir.resolve("mute.cmd");
        try (DaemonHarness daemon = start("mute", commands, "start_timeout = \"1s\"")) {
            JsonNode first = daemon.awaitEvent(event("process_started", "mute"), WAIT);
            JsonNode timedOut = daemon.awaitEvent(event("start_timed_out", "mute"), WAIT);
            assertThat(between(first, timedOut)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
            daemon.awaitEvent(event("restart_scheduled", "mute"), WAIT);
            JsonNode second = daemon.awaitEvent(e -> event("process_started", "mute").test(e)
                    && e.path("pid").asLong() != first.path("pid").asLong(), WAIT);
            assertThat(second.path("instance").asLong()).isGreaterThan(first.path("instance").asLong());
            assertThat(all(daemon, "service_state_changed", "mute").stream().map(e -> e.path("to").asText()))
                    .doesNotContain("running");
        }
    }

    @Test
    void outsiderAndGarbageAreDroppedWithOneLineEachAndChangeNothing() throws Exception {
        Path commands = dir.resolve("guard.cmd");
        try (DaemonHarness daemon = start("guard", commands, "watchdog = \"2s\"")) {
            tell(commands, "STATUS=inside\\nREADY=1", "ping on");
            daemon.awaitEvent(stateTo("guard", "running"), WAIT);
            Path socket = NotifyPeers.socketOf(daemon, "guard");

            int from = daemon.eventCount();
            long outsider = NotifyPeers.sendFromOutside(socket,
                    List.of("STATUS=outsider\nWATCHDOG=trigger".getBytes(StandardCharsets.UTF_8)));
            JsonNode denied = daemon.awaitEvent(from, event("notify_dropped", "guard"), WAIT);
            assertThat(denied.path("reason").asText()).isEqualTo("access_denied");
            assertThat(denied.path("sender_pid").asLong()).isEqualTo(outsider);

            byte[] random = new byte[512];
            new Random(6).nextBytes(random);
            random[0] = (byte) 0xff; // never valid UTF-8
            tell(commands, "hex " + java.util.HexFormat.of().formatHex(random),
                    "hex " + java.util.HexFormat.of().formatHex(new byte[5000]), "STATUS=still here");
            daemon.awaitEvent(from, e -> event("notify_status", "guard").test(e)
                    && e.path("text").asText().equals("still here"), WAIT);
            List<JsonNode> drops = daemon.events().subList(from, daemon.eventCount()).stream()
                    .filter(event("notify_dropped", "guard")).toList();
            assertThat(drops).extracting(d -> d.path("reason").asText())
                    .containsExactly("access_denied", "garbage", "oversized");
            assertThat(daemon.events().subList(from, daemon.eventCount()))
                    .noneMatch(event("watchdog_missed", "guard"))
                    .noneMatch(event("restart_triggered", "guard"))
                    .noneMatch(e -> e.path("text").asText().equals("outsider"));
            JsonNode status = daemon.cli("status", "guard", "--json").json();
            assertThat(status.path("state").asText()).isEqualTo("running");
            assertThat(status.path("status_text").asText()).isEqualTo("still here");
            assertThat(daemon.process().isAlive()).isTrue();
            assertThat(daemon.terminate(WAIT)).isZero();
            assertThat(daemon.leftovers()).isEmpty();
        }
    }
}
