package dev.vigil.daemon;

import static dev.vigil.daemon.NotifyPeers.all;
import static dev.vigil.daemon.NotifyPeers.event;
import static dev.vigil.daemon.NotifyPeers.received;
import static dev.vigil.daemon.NotifyPeers.stateTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A shell-script service speaking the notify protocol through Debian's real
 * {@code /usr/bin/systemd-notify}, supervised by the real daemon.
 *
 * <p>systemd-notify sends READY/STATUS/WATCHDOG with its parent's pid (here the shell, which is
 * the main process), and BARRIER=1 with its own. The daemon runs as root in CI, so the kernel lets
 * it claim its parent's pid and {@code notify_access = "main"} accepts it; a systemd-notify run
 * from a nested shell has that nested shell as its parent, which only {@code "all"} accepts.
 */
@EnabledIf("systemdNotifyInstalled")
class SystemdNotifyServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SYSTEMD_NOTIFY = "/usr/bin/systemd-notify";

    @TempDir
    Path dir;

    static boolean systemdNotifyInstalled() {
        return Files.isExecutable(Path.of(SYSTEMD_NOTIFY));
    }

    @ParameterizedTest(name = "notify_access = {0}")
    @ValueSource(strings = {"main", "all"})
    void readyStatusAndWatchdogFromAShellScript(String access) throws Exception {
        Path pings = dir.resolve("pings");
        // The last line runs systemd-notify from a nested shell: its parent is not the main pid.
        String script = "sleep 0.3; systemd-notify --ready --status=\"warming done\"; "
                + "sh -c 'systemd-notify STATUS=nested; true'; "
                + "while :; do systemd-notify WATCHDOG=1 && echo ping >> " + pings + "; sleep 0.5; done";
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [services.sh]
                command = %s
                type = "notify"
                watchdog = "2s"
                start_timeout = "20s"
                notify_access = "%s"
                """.formatted(DaemonHarness.toml(List.of("/bin/sh", "-c", script)), access));
        try (DaemonHarness daemon = DaemonHarness.start(config, dir)) {
            JsonNode started = daemon.awaitEvent(event("process_started", "sh"), WAIT);
            JsonNode ready = daemon.awaitEvent(received("sh", "READY"), WAIT);
            JsonNode running = daemon.awaitEvent(stateTo("sh", "running"), WAIT);
            assertThat(running.path("from").asText()).isEqualTo("starting");
            // From the launch itself (the launcher's clock): process_started is stamped when the
            // supervisor learns of the start, which the launch on an effect lane posts a moment later.
            java.time.Instant launched = java.time.Instant.parse(daemon.cli("status", "sh", "--json").json()
                    .path("processes").get(0).path("started_at").asText());
            assertThat(Duration.between(launched, java.time.Instant.parse(ready.path("ts").asText())))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(started.path("pid").asLong()).isPositive();
            assertThat(daemon.awaitEvent(event("notify_status", "sh"), WAIT).path("text").asText()).isEqualTo("warming done");

            // Eight pings that systemd-notify confirmed (its barrier answered) span > 3.5 s, well past
            // the 2 s watchdog: had any been dropped, the deadline would have passed.
            Awaitility.await().atMost(WAIT).until(() -> Files.exists(pings) && Files.readAllLines(pings).size() >= 8);
            assertThat(all(daemon, "watchdog_missed", "sh")).isEmpty();
            assertThat(all(daemon, "process_started", "sh")).hasSize(1);

            List<JsonNode> drops = all(daemon, "notify_dropped", "sh");
            JsonNode status = daemon.cli("status", "sh", "--json").json();
            assertThat(status.path("state").asText()).isEqualTo("running");
            if (access.equals("main")) {
                // The nested shell's STATUS is refused with one line; nothing else (barriers included) logs.
                assertThat(drops).singleElement().satisfies(d -> {
                    assertThat(d.path("reason").asText()).isEqualTo("access_denied");
                    assertThat(d.path("sender_pid").asLong()).isNotEqualTo(started.path("pid").asLong());
                });
                assertThat(status.path("status_text").asText()).isEqualTo("warming done");
            } else {
                assertThat(drops).isEmpty();
                assertThat(status.path("status_text").asText()).isEqualTo("nested");
            }
            assertThat(daemon.cli("list").stdout()).contains("sh").contains(started.path("pid").asText());
            assertThat(daemon.terminate(WAIT)).isZero();
            assertThat(daemon.leftovers()).isEmpty();
        }
    }
}
