package dev.vigil.cli;

import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil status NAME}: one service in depth; the exit code tells its state. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "One service in depth: processes, probes, restarts, next retry, recent events.",
        footer = {"", "Exit codes: 0 running, 1 degraded, 3 stopped/failed/starting/backoff/stopping,",
                "            4 unknown service, 5 no daemon, 6 daemon error.",
                "", "Example:", "  vigil status web || echo 'web is not healthy'"})
final class StatusCommand extends ClientCommand {

    @Parameters(paramLabel = "NAME", description = "The service")
    String name;

    @Option(names = "--json", description = "Print the vigil.status result as JSON (see docs/API.md)")
    boolean json;

    @Override
    int run(ControlClient client, CliEnvironment env) throws IOException {
        Map<String, Object> s = obj(client.call(ControlMethods.STATUS, Map.of("name", name)));
        if (json) {
            printJson(env, s);
        } else {
            print(s, env);
        }
        return exitCode(Fields.str(s, "state"));
    }

    static int exitCode(String state) {
        return switch (StateStyle.of(state)) {
            case RUNNING -> ExitCodes.OK;
            case DEGRADED -> ExitCodes.FAILED;
            case STOPPED, FAILED, STARTING, BACKOFF, STOPPING, WAITING, UNKNOWN -> ExitCodes.NOT_RUNNING;
        };
    }

    private static void print(Map<String, Object> s, CliEnvironment env) {
        PrintWriter out = env.out();
        Instant now = env.clock().instant();
        String state = Fields.str(s, "state");
        StateStyle style = StateStyle.of(state);
        String since = Fields.str(s, "since");
        out.println(style.paint(style.label(state), env.colour()) + "  " + Fields.str(s, "name")
                + (since == null ? "" : "  since " + since + " (" + Durations.relative(Instant.parse(since), now) + ")"));
        Table head = new Table();
        if (Fields.str(s, "reason") != null) {
            head.row("reason:", Fields.str(s, "reason"));
        }
        if (Fields.str(s, "status_text") != null) {
            head.row("status:", Fields.str(s, "status_text"));
        }
        head.row("restarts:", String.valueOf(Fields.lng(s, "restarts", 0)));
        Map<String, Object> lastRestart = Fields.obj(s, "last_restart");
        if (Fields.str(lastRestart, "at") != null) {
            head.row("last restart:", ListCommand.restartedAgo(lastRestart, now) + " (" + Fields.str(lastRestart, "at") + ")");
        }
        String nextRetry = Fields.str(s, "next_retry");
        head.row("next retry:", nextRetry == null ? "-" : nextRetry + " (" + Durations.relative(Instant.parse(nextRetry), now) + ")");
        out.print(head.render("  "));

        List<Map<String, Object>> processes = Fields.objects(s, "processes");
        if (!processes.isEmpty()) {
            out.println("Processes");
            Table t = new Table();
            t.row("NAME", "PID", "PGID", "UPTIME", "ALIVE", "LAST EXIT");
            for (Map<String, Object> p : processes) {
                Long uptime = Fields.lng(p, "uptime_ms");
                Map<String, Object> exit = Fields.obj(p, "last_exit");
                t.row(Fields.str(p, "name"), dash(Fields.lng(p, "pid")), dash(Fields.lng(p, "pgid")),
                        uptime == null ? "-" : Durations.format(uptime), Fields.bool(p, "alive") ? "yes" : "no",
                        exit.isEmpty() ? "-" : Fields.str(exit, "description") + " (" + Durations.relative(Instant.parse(Fields.str(exit, "at")), now) + ")");
            }
            out.print(t.render("  "));
            printLimits(processes, out);
        }

        List<Map<String, Object>> probes = Fields.objects(s, "probes");
        if (!probes.isEmpty()) {
            out.println("Probes");
            Table t = new Table();
            t.row("NAME", "KIND", "TARGET", "ROLE", "VERDICT", "FAILS", "OKS", "LATENCY", "NEXT", "LAST");
            for (Map<String, Object> p : probes) {
                Map<String, Object> last = Fields.obj(p, "last");
                String nextRun = Fields.str(p, "next_run");
                t.row(Fields.str(p, "name"), Fields.str(p, "kind"), Fields.str(p, "target"), Fields.str(p, "role"),
                        Fields.bool(p, "failing") ? "failing" : "ok",
                        Fields.lng(p, "consecutive_failures", 0) + "/" + Fields.lng(p, "failure_threshold", 0),
                        String.valueOf(Fields.lng(p, "consecutive_successes", 0)),
                        last.isEmpty() || Fields.lng(last, "latency_ms") == null ? "-" : Fields.lng(last, "latency_ms") + "ms",
                        nextRun == null ? "-" : nextRun(Instant.parse(nextRun), now),
                        last.isEmpty() ? "never run" : Fields.str(last, "outcome")
                                + (Fields.str(last, "reason") == null ? "" : ": " + Fields.str(last, "reason")));
            }
            out.print(t.render("  "));
        }

        List<Map<String, Object>> events = Fields.objects(s, "recent_events");
        if (!events.isEmpty()) {
            out.println("Recent events");
            out.print(EventsCommand.table(events).render("  "));
        }
    }

    /** memory_max/cpu_max per process, and whether the daemon enforces them (said plainly when it does not). */
    static void printLimits(List<Map<String, Object>> processes, PrintWriter out) {
        List<Map<String, Object>> limited = processes.stream().filter(p -> !Fields.obj(p, "limits").isEmpty()).toList();
        if (limited.isEmpty()) {
            return;
        }
        out.println("Limits");
        for (Map<String, Object> p : limited) {
            out.println("  " + Fields.str(p, "name") + ": " + Fields.str(Fields.obj(p, "limits"), "summary"));
        }
    }

    private static String dash(Long v) {
        return v == null ? "-" : v.toString();
    }

    static String fields(Map<String, Object> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + EventsCommand.scalar(e.getValue())).collect(Collectors.joining(" "));
    }

    /** The next round, or "due" once its (estimated) time has come: a round is running or about to. */
    static String nextRun(Instant at, Instant now) {
        return at.isAfter(now) ? Durations.relative(at, now) : "due";
    }
}
