package dev.vigil.daemon;

import static dev.vigil.daemon.DaemonHarness.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.process.ProcessInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Helpers for the end-to-end tests of the spine: config files, typed event matchers and
 * counting the marked processes of one service. Kept apart from {@link DaemonHarness}, which
 * other suites share.
 */
final class Spine {
    /** Every wait for the daemon is bounded by this (the machine is shared and slow at times). */
    static final Duration WAIT = Duration.ofSeconds(60);

    private Spine() {
    }

    /** Writes {@code toml} as {@code vigil.toml} in {@code dir}. */
    static Path config(Path dir, String toml) throws IOException {
        Path file = dir.resolve("vigil.toml");
        Files.writeString(file, toml);
        return file;
    }

    /** A service table: {@code [services.NAME]} with its command and extra lines (keys). */
    static String service(String name, List<String> command, String... lines) {
        StringBuilder out = new StringBuilder("[services.").append(name).append("]\n")
                .append("command = ").append(DaemonHarness.toml(command)).append('\n');
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.append('\n').toString();
    }

    /** Short backoff so restarts happen within a second, with no jitter to keep figures exact. */
    static String fastBackoff(String name) {
        return "[services." + name + ".backoff]\ninitial = \"100ms\"\nmax = \"400ms\"\njitter = 0.0\n\n";
    }

    static Predicate<JsonNode> stateTo(String service, String to) {
        return event("service_state_changed", service, Map.of("to", to));
    }

    static Predicate<JsonNode> type(String type, String service) {
        return event(type, service, Map.of());
    }

    /** Waits for a state change of {@code service} to {@code to} seen at or after {@code from}. */
    static JsonNode awaitState(DaemonHarness daemon, int from, String service, String to) throws InterruptedException {
        return daemon.awaitEvent(from, stateTo(service, to), WAIT);
    }

    /** Live marked processes whose environment says they belong to {@code service}. */
    static List<Long> processesOf(DaemonHarness daemon, String service) {
        ProcessInspector inspector = ProcessInspector.system();
        return daemon.leftovers().stream()
                .filter(pid -> inspector.hasEnvironmentEntry(pid, "VIGIL_SERVICE", service))
                .toList();
    }

    /** Events of {@code type} (and service, if not null) seen at or after {@code from}. */
    static List<JsonNode> eventsSince(DaemonHarness daemon, int from, String type, String service) {
        List<JsonNode> all = daemon.events();
        return all.subList(Math.min(from, all.size()), all.size()).stream().filter(type(type, service)).toList();
    }
}
