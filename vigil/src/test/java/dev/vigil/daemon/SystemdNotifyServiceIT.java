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
import java.time.Instant;
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
    /**
     * Generous against a loaded machine, where one turn of the script's loop (two processes spawned,
     * a barrier answered, a 0.5 s sleep) can take over the 2 s this test used to allow.
     */
    private static final Duration WATCHDOG = Duration.ofSeconds(5);
    /** Enough confirmed pings, each turn sleeping 0.5 s, to span more than {@link #WATCHDOG}. */
    private static final int PINGS = (int) (WATCHDOG.toMillis() / 500) + 2;
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
        Path began = dir.resolve("began");
        // The script notes when it began (its own clock reading, before the 0.3 s warm-up). The last
        // line runs systemd-notify from a nested shell: its parent is not the main pid.
        String script = "date +%s%N > " + began + "; sleep 0.3; systemd-notify --ready --status=\"warming done\"; "
                + "sh -c 'systemd-notify STATUS=nested; true'; "
                + "while :; do systemd-notify WATCHDOG=1 && echo ping >> " + pings + "; sleep 0.5; done";
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [services.sh]
                command = %s
                type = "notify"
                watchdog = "%ds"
                start_timeout = "20s"
                notify_access = "%s"
                """.formatted(DaemonHarness.toml(List.of("/bin/sh", "-c", script)), WATCHDOG.toSeconds(), access));
        try (DaemonHarness daemon = DaemonHarness.start(config, dir)) {
            JsonNode started = daemon.awaitEvent(event("process_started", "sh"), WAIT);
            JsonNode ready = daemon.awaitEvent(received("sh", "READY"), WAIT);
            JsonNode running = daemon.awaitEvent(stateTo("sh", "running"), WAIT);
            assertThat(running.path("from").asText()).isEqualTo("starting");
            // READY=1 was sent after the script's 0.3 s warm-up and stamped when it arrived, so at least
            // 0.3 s after the script's own reading of the clock. (The launcher's started_at is read after
            // posix_spawn returns, when the script may have run for a while already on a loaded machine.)
            Instant scriptBegan = Instant.EPOCH.plusNanos(Long.parseLong(Files.readString(began).trim()));
            assertThat(Duration.between(scriptBegan, Instant.parse(ready.path("ts").asText())))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(daemon.events().indexOf(running)).as("running only after READY")
                    .isGreaterThan(daemon.events().indexOf(ready));
            assertThat(started.path("pid").asLong()).isPositive();
            assertThat(daemon.awaitEvent(event("notify_status", "sh"), WAIT).path("text").asText()).isEqualTo("warming done");

            // PINGS pings that systemd-notify confirmed (its barrier answered), 0.5 s apart at least, span
            // more than the watchdog interval: had they been dropped, the deadline would have passed.
            Awaitility.await().atMost(WAIT).until(() -> Files.exists(pings) && Files.readAllLines(pings).size() >= PINGS);
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
