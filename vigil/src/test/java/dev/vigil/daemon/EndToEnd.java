package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Helpers for end-to-end tests against a real daemon: config text, key checks, PIDs, a CLI left running. */
final class EndToEnd {
    static final Duration WAIT = Duration.ofSeconds(60);

    private EndToEnd() {
    }

    /** A one-process service running {@code sh -c SCRIPT}, plus extra TOML lines. */
    static String shService(String name, String script, String... extraLines) {
        StringBuilder toml = new StringBuilder("[services." + name + "]\n")
                .append("command = ").append(DaemonHarness.toml(List.of("/bin/sh", "-c", script))).append('\n')
                .append("stop_timeout = \"2s\"\n");
        for (String line : extraLines) {
            toml.append(line).append('\n');
        }
        return toml.append('\n').toString();
    }

    /** A service that just sleeps: cheap, and its PID tells whether it was restarted. */
    static String sleeper(String name, String... extraLines) {
        return shService(name, "exec sleep 600", extraLines);
    }

    /** Asserts the object has exactly these keys (docs/API.md: every documented key always present, no others yet). */
    static void assertKeys(JsonNode node, String... keys) {
        Set<String> actual = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            actual.add(it.next());
        }
        assertThat(actual).as("keys of %s", node).isEqualTo(new TreeSet<>(List.of(keys)));
    }

    /** An ISO-8601 instant string (parsing fails the test otherwise). */
    static Instant instant(JsonNode node) {
        assertThat(node.isTextual()).as("time %s is a string", node).isTrue();
        return Instant.parse(node.asText());
    }

    /** The PIDs per service name, from {@code vigil list --json}. */
    static Map<String, List<Long>> pids(DaemonHarness daemon) throws IOException, InterruptedException {
        DaemonHarness.CliResult list = daemon.cli("list", "--json");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        Map<String, List<Long>> pids = new HashMap<>();
        for (JsonNode s : list.json().get("services")) {
            List<Long> p = new ArrayList<>();
            s.get("pids").forEach(n -> p.add(n.asLong()));
            pids.put(s.get("name").asText(), p);
        }
        return pids;
    }

    static Map<String, String> states(DaemonHarness daemon) throws IOException, InterruptedException {
        DaemonHarness.CliResult list = daemon.cli("list", "--json");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        Map<String, String> states = new HashMap<>();
        list.json().get("services").forEach(s -> states.put(s.get("name").asText(), s.get("state").asText()));
        return states;
    }

    static Predicate<JsonNode> stateChanged(String service, String to) {
        return DaemonHarness.event("service_state_changed", service, Map.of("to", to));
    }

    /**
     * Runs {@code vigil ARGS} against {@code daemon}, collects {@code count} stdout lines, then
     * stops the CLI (it was started here; killed by its own handle).
     */
    static List<String> firstLines(DaemonHarness daemon, int count, String... args) throws IOException, InterruptedException {
        List<String> command = DaemonHarness.javaCommand("--state-dir", daemon.stateDir().toString());
        command.addAll(List.of(args));
        Process cli = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    if (!cli.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        cli.destroyForcibly();   // unblocks the read below: the assertion then says what arrived
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (String line; lines.size() < count && (line = out.readLine()) != null; ) {
                lines.add(line);
            }
            watchdog.interrupt();
            assertThat(cli.isAlive()).as("a following CLI keeps running; lines so far %s", lines).isTrue();
        } finally {
            cli.destroy();
            if (!cli.waitFor(10, TimeUnit.SECONDS)) {
                cli.destroyForcibly();
            }
        }
        return lines;
    }
}
