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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The non-JVM recipes of docs/recipes, run as they are published, under the real daemon as
 * {@code type = "notify"} services with a 1 s watchdog: READY=1 takes them to running, their
 * WATCHDOG=1 keeps them there, and a wedged work loop (the recipe's demo work hangs while a file
 * exists) stops the pings, so the daemon degrades or restarts them.
 */
class NotifyRecipesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path RECIPES = Path.of(System.getProperty("vigil.recipes", "../docs/recipes")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** The recipe's command line, and the notify_access its README asks for. */
    private static List<String> command(String recipe) {
        return switch (recipe) {
            case "python" -> List.of("python3", RECIPES.resolve("python-watchdog.py").toString());
            case "node" -> List.of("node", RECIPES.resolve("node-watchdog.js").toString());
            default -> throw new IllegalArgumentException(recipe);
        };
    }

    private static String access(String recipe) {
        // Python sends from its own pid; Node's pings come from systemd-notify children (README).
        return recipe.equals("node") ? "all" : "main";
    }

    private DaemonHarness start(String recipe, Path stallFile, String onDegraded) throws Exception {
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [daemon]
                probe_restart_budget = 100

                [services.%1$s]
                command = %2$s
                type = "notify"
                watchdog = "1s"
                notify_access = "%3$s"
                on_degraded = "%4$s"
                env = { RECIPE_STALL_FILE = "%5$s" }

                [services.%1$s.backoff]
                initial = "200ms"
                jitter = 0.0
                """.formatted(recipe, DaemonHarness.toml(command(recipe)), access(recipe), onDegraded, stallFile));
        return DaemonHarness.start(config, dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void aWedgedLoopDegradesTheServiceAndItsPingsBringItBack(String recipe) throws Exception {
        Path stall = dir.resolve("stall");
        try (DaemonHarness daemon = start(recipe, stall, "warn")) {
            daemon.awaitEvent(received(recipe, "READY"), WAIT);
            daemon.awaitEvent(stateTo(recipe, "running"), WAIT);
            int from = daemon.eventCount();
            Files.writeString(stall, "");
            JsonNode missed = daemon.awaitEvent(from, event("watchdog_missed", recipe), WAIT);
            assertThat(missed.path("reason").asText()).isEqualTo("no WATCHDOG=1 within 1s");
            daemon.awaitEvent(from, stateTo(recipe, "degraded"), WAIT);

            int stalledAt = daemon.eventCount();
            Files.delete(stall); // the loop does work again, so it pings again
            daemon.awaitEvent(stalledAt, stateTo(recipe, "running"), WAIT);
            assertThat(all(daemon, "process_started", recipe)).as("warn never restarts").hasSize(1);
            assertThat(all(daemon, "notify_dropped", recipe)).as("every datagram was accepted").isEmpty();
            DaemonHarness.terminateLeavingNothing(daemon, WAIT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void aWedgedLoopIsRestartedAndTheNewProcessBecomesReadyAgain(String recipe) throws Exception {
        Path stall = dir.resolve("stall");
        try (DaemonHarness daemon = start(recipe, stall, "restart")) {
            JsonNode first = daemon.awaitEvent(event("process_started", recipe), WAIT);
            daemon.awaitEvent(stateTo(recipe, "running"), WAIT);
            int from = daemon.eventCount();
            Files.writeString(stall, "");
            daemon.awaitEvent(from, event("watchdog_missed", recipe), WAIT);
            JsonNode restart = daemon.awaitEvent(from, event("restart_triggered", recipe), WAIT);
            assertThat(restart.path("reason").asText()).contains("watchdog missed");
            Files.delete(stall); // the next process must not wedge at once
            JsonNode second = daemon.awaitEvent(from, e -> event("process_started", recipe).test(e)
                    && e.path("pid").asLong() != first.path("pid").asLong(), WAIT);
            assertThat(second.path("pid").asLong()).isPositive();
            daemon.awaitEvent(daemon.events().indexOf(second), stateTo(recipe, "running"), WAIT);
            DaemonHarness.terminateLeavingNothing(daemon, WAIT);
        }
    }
}
