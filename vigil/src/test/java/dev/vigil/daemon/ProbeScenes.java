package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.config.UnixSignal;
import dev.vigil.process.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Helpers of the probe end-to-end tests beside {@link DaemonHarness}: reading PIDs from the real
 * CLI, signalling only processes a test started (and continuing any it stopped), and the field
 * set every probe log line must carry.
 */
final class ProbeScenes {
    /** The fields issue 4 requires on every probe failure and recovery line. */
    static final List<String> PROBE_LINE_FIELDS =
            List.of("service", "probe", "kind", "target", "reason", "latency_ms", "consecutive", "threshold");

    private final Set<Long> stopped = new HashSet<>();

    /** The PID of {@code process} of {@code service}, from {@code vigil status NAME --json}. */
    static long pidOf(DaemonHarness daemon, String service, String process) throws IOException, InterruptedException {
        DaemonHarness.CliResult status = daemon.cli("status", service, "--json");
        assertThat(status.exitCode()).as("running, degraded or starting: " + status.stderr()).isIn(0, 1, 3);
        for (JsonNode p : status.json().path("processes")) {
            if (p.path("name").asText().equals(process) && p.path("pid").isNumber()) {
                return p.path("pid").asLong();
            }
        }
        throw new AssertionError("no pid of " + service + "/" + process + " in " + status.stdout());
    }

    /** The PIDs of the direct children of {@code pid}, read from /proc. */
    static List<Long> childrenOf(long pid) throws IOException {
        List<Long> children = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                Path file = task.resolve("children");
                if (Files.exists(file)) {
                    for (String word : Files.readString(file).trim().split("\\s+")) {
                        if (!word.isEmpty()) {
                            children.add(Long.parseLong(word));
                        }
                    }
                }
            }
        }
        return children;
    }

    /** SIGSTOPs {@code pid}, remembering it so {@link #continueAll} lets it go even if a test fails. */
    void stop(long pid) {
        stopped.add(pid);
        Signals.send(pid, UnixSignal.STOP.number());
    }

    void resume(long pid) {
        Signals.send(pid, UnixSignal.CONT.number());
        stopped.remove(pid);
    }

    /** SIGCONT to every process this test stopped, so the daemon's stop (and the harness's cleanup) can end it. */
    void continueAll() {
        stopped.forEach(pid -> Signals.send(pid, UnixSignal.CONT.number()));
        stopped.clear();
    }

    static Predicate<JsonNode> event(String type, String service) {
        return DaemonHarness.event(type, service, Map.of());
    }

    static Predicate<JsonNode> event(String type, String service, String key, String value) {
        return DaemonHarness.event(type, service, Map.of(key, value));
    }

    /** Asserts that {@code line} carries every field of {@link #PROBE_LINE_FIELDS}, non-empty. */
    static void assertProbeLine(JsonNode line) {
        for (String field : PROBE_LINE_FIELDS) {
            assertThat(line.hasNonNull(field)).as(field + " in " + line).isTrue();
            assertThat(line.path(field).asText()).as(field + " in " + line).isNotEmpty();
        }
    }

    /** Events seen so far, from index {@code from}, of {@code type} for {@code service}. */
    static List<JsonNode> eventsSince(DaemonHarness daemon, int from, String type, String service) {
        List<JsonNode> all = daemon.events();
        return all.subList(Math.min(from, all.size()), all.size()).stream().filter(event(type, service)).toList();
    }

    /** The `vigil list` row of {@code service}, if listed. */
    static Optional<String> listRow(DaemonHarness daemon, String service) throws IOException, InterruptedException {
        DaemonHarness.CliResult list = daemon.cli("list");
        return list.stdout().lines().filter(line -> line.matches(".*\\s" + service + "\\s.*")).findFirst();
    }

    /**
     * TOML of a one-process service with one probe: {@code serviceKeys} go on the service table
     * (e.g. {@code on_degraded = "warn"}), {@code probeKeys} on the probe table.
     */
    static String service(String name, List<String> command, String serviceKeys, String probe, String probeKeys) {
        return "[services." + name + "]\ncommand = " + DaemonHarness.toml(command) + "\n" + serviceKeys + "\n\n"
                + "[services." + name + ".probes." + probe + "]\n" + probeKeys + "\n\n";
    }

    /** Probe keys of an HTTP GET /health over {@code socket}, with {@code more} keys after them. */
    static String httpOver(Path socket, String more) {
        return "kind = \"http\"\nunix = \"" + socket + "\"\npath = \"/health\"\n" + more;
    }

    /** {@code /bin/sh -c "BEFORE COMMAND AFTER"} with {@code command} quoted for the shell. */
    static List<String> shell(String before, List<String> command, String after) {
        StringBuilder line = new StringBuilder(before);
        command.forEach(a -> line.append(" '").append(a.replace("'", "'\\''")).append("'"));
        return List.of("/bin/sh", "-c", line.append(after).toString());
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
