package dev.vigil.cli;

import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil list}: one row per service. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "One row per service: state, name, PIDs, uptime, restarts, and why anything not running is not.",
        footer = {"", "With --tree: each service under every service it depends on (depends_on),",
                "with the condition it needs (✓ holds now, ✗ not yet) and its state.",
                "--tree --json prints the vigil.graph result (nodes, edges).",
                "", "Examples:", "  vigil list", "  vigil list --json | jq -r '.services[] | select(.state != \"running\") | .name'",
                "  vigil list --tree"})
final class ListCommand extends ClientCommand {

    @Option(names = "--json", description = "Print the vigil.list result (with --tree: vigil.graph) as JSON (see docs/API.md)")
    boolean json;

    @Option(names = "--tree", description = "Show the dependency graph: each service under the services it depends on")
    boolean tree;

    @Override
    int run(ControlClient client, CliEnvironment env) throws IOException {
        if (tree) {
            Map<String, Object> graph = obj(client.call(ControlMethods.GRAPH, Map.of()));
            if (json) {
                printJson(env, graph);
            } else if (Fields.objects(graph, "nodes").isEmpty()) {
                env.out().println("no services configured");
            } else {
                Table table = new Table();
                new DependencyTree(graph).render(table, env.colour());
                env.out().print(table.render(""));
            }
            return ExitCodes.OK;
        }
        Map<String, Object> result = obj(client.call(ControlMethods.LIST, Map.of()));
        if (json) {
            printJson(env, result);
            return ExitCodes.OK;
        }
        List<Map<String, Object>> services = Fields.objects(result, "services");
        if (services.isEmpty()) {
            env.out().println("no services configured");
            return ExitCodes.OK;
        }
        Instant now = env.clock().instant();
        Table table = new Table();
        table.row("STATE", "NAME", "PIDS", "UPTIME", "RESTARTS", "REASON");
        for (Map<String, Object> s : services) {
            String state = Fields.str(s, "state");
            StateStyle style = StateStyle.of(state);
            List<String> pids = Fields.strings(s, "pids");
            Long uptime = Fields.lng(s, "uptime_ms");
            table.row(cell -> style.paint(cell, env.colour()),
                    style.label(state),
                    Fields.str(s, "name"),
                    pids.isEmpty() ? "-" : String.join(",", pids),
                    uptime == null ? "-" : Durations.format(uptime),
                    String.valueOf(Fields.lng(s, "restarts", 0)),
                    style == StateStyle.RUNNING ? running(s, now) : reason(s, now));
        }
        env.out().print(table.render(""));
        return ExitCodes.OK;
    }

    /** How the daemon's reason starts while the storm guard holds a restart back (docs/STATES.md). */
    static final String BUDGET_EXHAUSTED = "restart budget exhausted";

    /** The reason in words: failing probes first (they are the news), then the daemon's reason, then the next retry. */
    static String reason(Map<String, Object> s, Instant now) {
        List<String> parts = new ArrayList<>();
        String reason = Fields.str(s, "reason");
        // The storm guard's verdict is news too: without it a held-back restart looks like a bug.
        boolean budgetExhausted = reason != null && reason.startsWith(BUDGET_EXHAUSTED);
        for (Map<String, Object> p : Fields.objects(s, "failing_probes")) {
            parts.add(Fields.str(p, "probe") + ": " + Fields.str(p, "reason") + ", "
                    + Fields.lng(p, "consecutive", 0) + "/" + Fields.lng(p, "threshold", 0));
        }
        if (parts.isEmpty() && reason != null) {
            parts.add(reason);
        } else if (budgetExhausted) {
            parts.set(0, BUDGET_EXHAUSTED + ": " + parts.getFirst());
        }
        StateStyle style = StateStyle.of(Fields.str(s, "state"));
        if (style == StateStyle.STARTING || style == StateStyle.DEGRADED) {
            recentRestart(s, now).ifPresent(parts::add);
        }
        String nextRetry = Fields.str(s, "next_retry");
        if (nextRetry != null) {
            parts.add("retry " + Durations.relative(Instant.parse(nextRetry), now));
        }
        String status = status(s);
        if (!status.isEmpty()) {
            parts.add(status);
        }
        return String.join("; ", parts);
    }

    /**
     * How long the last automatic restart stays in the REASON column: a probe restart with
     * {@code restart_after == failures} shows DEGRADED only for milliseconds, so without this no
     * list would ever say why the service just restarted.
     */
    static final Duration RECENT_RESTART = Duration.ofMinutes(5);

    /** A running service: its last restart while recent, and its STATUS= text. */
    static String running(Map<String, Object> s, Instant now) {
        List<String> parts = new ArrayList<>();
        recentRestart(s, now).ifPresent(parts::add);
        String status = status(s);
        if (!status.isEmpty()) {
            parts.add(status);
        }
        return String.join("; ", parts);
    }

    /** "restarted 12s ago: health: timed out after 1s (...), 2/2" while the last restart is recent. */
    static Optional<String> recentRestart(Map<String, Object> s, Instant now) {
        Map<String, Object> last = Fields.obj(s, "last_restart");
        if (last == null || Fields.str(last, "at") == null) {
            return Optional.empty();
        }
        Duration age = Duration.between(Instant.parse(Fields.str(last, "at")), now);
        if (age.compareTo(RECENT_RESTART) > 0) {
            return Optional.empty();
        }
        return Optional.of(restartedAgo(last, now));
    }

    /** "restarted 12s ago: REASON". */
    static String restartedAgo(Map<String, Object> last, Instant now) {
        long ms = Math.max(0, Duration.between(Instant.parse(Fields.str(last, "at")), now).toMillis());
        return "restarted " + Durations.format(ms) + " ago: " + Fields.str(last, "reason");
    }

    /** What the service last said of itself with STATUS= on its notify socket, or "". */
    static String status(Map<String, Object> s) {
        String text = Fields.str(s, "status_text");
        return text == null || text.isBlank() ? "" : "status: " + text;
    }
}
