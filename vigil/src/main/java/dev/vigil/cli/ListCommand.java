package dev.vigil.cli;

import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import dev.vigil.api.DependencyGraph;
import dev.vigil.api.FailingProbe;
import dev.vigil.api.LastRestart;
import dev.vigil.api.NextActionText;
import dev.vigil.api.ServiceList;
import dev.vigil.api.ServiceSummary;
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
        description = "One row per service: state, name, PIDs, uptime, restarts, and why anything not running is not and what it does next.",
        footer = {"", "With --tree: each service under every service it depends on (depends_on),",
                "with the condition it needs (✓ holds now, ✗ not yet) and its state.",
                "--tree --json prints the vigil.graph result (nodes, edges).",
                "", "A service that is not running has what happens next after its reason (\"— retry in 4m55s\").",
                "--wide adds RESTARTS(1H/24H) (restarts in the last hour and 24 hours, kept across resets)",
                "and NEXT (what the restart policy does next) for every service.",
                "", "Examples:", "  vigil list", "  vigil list --json | jq -r '.services[] | select(.state != \"running\") | .name'",
                "  vigil list --wide", "  vigil list --tree"})
final class ListCommand extends ClientCommand {

    @Option(names = "--json", description = "Print the vigil.list result (with --tree: vigil.graph) as JSON (see docs/API.md)")
    boolean json;

    @Option(names = "--wide", description = "Add the restarts in the last hour and 24 hours, and every service's next action")
    boolean wide;

    @Option(names = "--tree", description = "Show the dependency graph: each service under the services it depends on")
    boolean tree;

    @Override
    int run(ControlClient client, CliEnvironment env) throws IOException {
        if (tree) {
            Object graph = client.call(ControlMethods.GRAPH, Map.of());
            DependencyGraph decoded = decode(graph, DependencyGraph.class);
            if (json) {
                printJson(env, graph);
            } else if (decoded.nodes().isEmpty()) {
                env.out().println("no services configured");
            } else {
                Table table = new Table();
                new DependencyTree(decoded).render(table, env.colour());
                env.out().print(table.render(""));
            }
            return ExitCodes.OK;
        }
        Object result = client.call(ControlMethods.LIST, Map.of());
        if (json) {
            printJson(env, result);
            return ExitCodes.OK;
        }
        List<ServiceSummary> services = decode(result, ServiceList.class).services();
        if (services.isEmpty()) {
            env.out().println("no services configured");
            return ExitCodes.OK;
        }
        Instant now = env.clock().instant();
        env.out().print(table(services, now, wide, env.colour()).render(""));
        return ExitCodes.OK;
    }

    /** The rows as of {@code now}; {@code wide} adds RESTARTS(1H/24H) and NEXT before REASON. */
    static Table table(List<ServiceSummary> services, Instant now, boolean wide, boolean colour) {
        Table table = new Table();
        table.row(wide ? new String[] {"STATE", "NAME", "PIDS", "UPTIME", "RESTARTS", "RESTARTS(1H/24H)", "NEXT", "REASON"}
                : new String[] {"STATE", "NAME", "PIDS", "UPTIME", "RESTARTS", "REASON"});
        for (ServiceSummary s : services) {
            String state = word(s.state());
            StateStyle style = StateStyle.of(state);
            List<String> pids = s.pids().stream().map(String::valueOf).toList();
            Long uptime = s.uptimeMs();
            List<String> cells = new ArrayList<>(List.of(style.label(state), s.name(),
                    pids.isEmpty() ? "-" : String.join(",", pids),
                    uptime == null ? "-" : Durations.format(uptime),
                    String.valueOf(s.restarts())));
            if (wide) {
                cells.add(s.restartsLastHour() + "/" + s.restartsLastDay());
                String next = next(s, now);
                cells.add(next == null ? "-" : next);
            }
            // A stopped service has nothing next; the others' next action says when and what.
            boolean showNext = !wide && style != StateStyle.STOPPED;
            cells.add(style == StateStyle.RUNNING ? running(s, now) : withNext(reason(s, now), showNext ? next(s, now) : null));
            table.row(cell -> style.paint(cell, colour), cells.toArray(String[]::new));
        }
        return table;
    }

    /** The daemon's next action with its countdown as of {@code now}; null from a daemon that does not send one. */
    static String next(ServiceSummary s, Instant now) {
        return NextActionText.asOf(s.nextAction(), s.nextActionAt(), now);
    }

    /** "web exited: exit code 1 — retry in 4m55s"; the reason alone without a next action. */
    static String withNext(String reason, String next) {
        if (next == null || next.isEmpty()) {
            return reason;
        }
        return reason.isEmpty() ? next : reason + " — " + next;
    }

    /** How the daemon's reason starts while the storm guard holds a restart back (docs/STATES.md). */
    static final String BUDGET_EXHAUSTED = "restart budget exhausted";

    /** The reason in words: failing probes first (they are the news), then the daemon's reason, then the next retry. */
    static String reason(ServiceSummary s, Instant now) {
        List<String> parts = new ArrayList<>();
        String reason = s.reason();
        // The storm guard's verdict is news too: without it a held-back restart looks like a bug.
        boolean budgetExhausted = reason != null && reason.startsWith(BUDGET_EXHAUSTED);
        for (FailingProbe p : s.failingProbes()) {
            parts.add(p.probe() + ": " + p.reason() + ", " + p.consecutive() + "/" + p.threshold());
        }
        if (parts.isEmpty() && reason != null) {
            parts.add(reason);
        } else if (budgetExhausted) {
            parts.set(0, BUDGET_EXHAUSTED + ": " + parts.getFirst());
        }
        StateStyle style = StateStyle.of(word(s.state()));
        if (style == StateStyle.STARTING || style == StateStyle.DEGRADED) {
            recentRestart(s.lastRestart(), now).ifPresent(parts::add);
        }
        if (s.nextRetry() != null && s.nextActionAt() == null) { // else the next action counts down to it
            parts.add("retry " + Durations.relative(s.nextRetry(), now));
        }
        String status = status(s.statusText());
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
    static String running(ServiceSummary s, Instant now) {
        List<String> parts = new ArrayList<>();
        recentRestart(s.lastRestart(), now).ifPresent(parts::add);
        String status = status(s.statusText());
        if (!status.isEmpty()) {
            parts.add(status);
        }
        return String.join("; ", parts);
    }

    /** "restarted 12s ago: health: timed out after 1s (...), 2/2" while the last restart is recent. */
    static Optional<String> recentRestart(LastRestart last, Instant now) {
        if (last == null) {
            return Optional.empty();
        }
        Duration age = Duration.between(last.at(), now);
        if (age.compareTo(RECENT_RESTART) > 0) {
            return Optional.empty();
        }
        return Optional.of(restartedAgo(last, now));
    }

    /** "restarted 12s ago: REASON". */
    static String restartedAgo(LastRestart last, Instant now) {
        long ms = Math.max(0, Duration.between(last.at(), now).toMillis());
        return "restarted " + Durations.format(ms) + " ago: " + last.reason();
    }

    /** What the service last said of itself with STATUS= on its notify socket, or "". */
    static String status(String text) {
        return text == null || text.isBlank() ? "" : "status: " + text;
    }
}
