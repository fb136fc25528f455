package dev.vigil.cli;

import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import dev.vigil.api.EventRecord;
import dev.vigil.api.NextActionText;
import dev.vigil.api.ProbeDetail;
import dev.vigil.api.ProbeResult;
import dev.vigil.api.ProcessDetail;
import dev.vigil.api.ProcessExit;
import dev.vigil.api.ServiceDetail;
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
        description = "One service in depth: next action, restarts, processes, probes, recent events.",
        footer = {"", "Probes' recent rounds, oldest first: ✓ healthy, ✗ unhealthy or timed out,",
                "? unprobeable or not counted; plain ASCII (. x ?) with NO_COLOR, TERM=dumb or a non-UTF-8 locale.",
                "", "Exit codes: 0 running, 1 degraded, 3 stopped/failed/starting/backoff/stopping,",
                "            4 unknown service, 5 no daemon, 6 daemon error.",
                "", "Example:", "  vigil status web || echo 'web is not healthy'"})
final class StatusCommand extends ClientCommand {

    @Parameters(paramLabel = "NAME", description = "The service")
    String name;

    @Option(names = "--json", description = "Print the vigil.status result as JSON (see docs/API.md)")
    boolean json;

    @Override
    int run(ControlClient client, CliEnvironment env) throws IOException {
        Object result = client.call(ControlMethods.STATUS, Map.of("name", name));
        ServiceDetail s = decode(result, ServiceDetail.class);
        if (json) {
            printJson(env, result);
        } else {
            print(s, env);
        }
        return exitCode(word(s.state()));
    }

    static int exitCode(String state) {
        return switch (StateStyle.of(state)) {
            case RUNNING -> ExitCodes.OK;
            case DEGRADED -> ExitCodes.FAILED;
            case STOPPED, FAILED, STARTING, BACKOFF, STOPPING, WAITING, UNKNOWN -> ExitCodes.NOT_RUNNING;
        };
    }

    static void print(ServiceDetail s, CliEnvironment env) {
        PrintWriter out = env.out();
        Instant now = env.clock().instant();
        String state = word(s.state());
        StateStyle style = StateStyle.of(state);
        Instant since = s.since();
        out.println(style.paint(style.label(state), env.colour()) + "  " + s.name()
                + (since == null ? "" : "  since " + since + " (" + Durations.relative(since, now) + ")"));
        Table head = new Table();
        if (s.reason() != null) {
            head.row("reason:", s.reason());
        }
        if (s.statusText() != null) {
            head.row("status:", s.statusText());
        }
        if (s.nextAction() != null) {
            head.row("next:", NextActionText.asOf(s.nextAction(), s.nextActionAt(), now));
        }
        head.row("restarts:", restarts(s.restarts(), s.restartsLastHour(), s.restartsLastDay()));
        if (s.lastRestart() != null) {
            head.row("last restart:", ListCommand.restartedAgo(s.lastRestart(), now) + " (" + s.lastRestart().at() + ")");
        }
        Instant nextRetry = s.nextRetry();
        head.row("next retry:", nextRetry == null ? "-" : nextRetry + " (" + Durations.relative(nextRetry, now) + ")");
        out.print(head.render("  "));

        List<ProcessDetail> processes = s.processes();
        if (!processes.isEmpty()) {
            out.println("Processes");
            Table t = new Table();
            t.row("NAME", "PID", "PGID", "UPTIME", "ALIVE", "LAST EXIT");
            for (ProcessDetail p : processes) {
                Long uptime = p.uptimeMs();
                ProcessExit exit = p.lastExit();
                t.row(p.name(), dash(p.pid()), dash(p.pgid()),
                        uptime == null ? "-" : Durations.format(uptime), p.alive() ? "yes" : "no",
                        exit == null ? "-" : exit.description() + " (" + Durations.relative(exit.at(), now) + ")");
            }
            out.print(t.render("  "));
            printLimits(processes, out);
        }

        List<ProbeDetail> probes = s.probes();
        if (!probes.isEmpty()) {
            out.println("Probes");
            Table t = new Table();
            t.row("NAME", "KIND", "TARGET", "ROLE", "VERDICT", "FAILS", "OKS", "LATENCY", "NEXT", "LAST");
            for (ProbeDetail p : probes) {
                ProbeResult last = p.last();
                Instant nextRun = p.nextRun();
                t.row(p.name(), p.kind(), p.target(), p.role(),
                        p.failing() ? "failing" : "ok",
                        p.consecutiveFailures() + "/" + p.failureThreshold(),
                        String.valueOf(p.consecutiveSuccesses()),
                        last == null || last.latencyMs() == null ? "-" : last.latencyMs() + "ms",
                        nextRun == null ? "-" : nextRun(nextRun, now),
                        last == null ? "never run" : last.outcome()
                                + (last.reason() == null ? "" : ": " + last.reason()));
            }
            out.print(t.render("  "));
            rounds(probes, RoundStrip.forEnvironment(env.env()), out);
        }

        List<EventRecord> events = s.recentEvents();
        if (!events.isEmpty()) {
            out.println("Recent events");
            out.print(EventsCommand.table(events).render("  "));
        }
    }

    /** memory_max/cpu_max per process, and whether the daemon enforces them (said plainly when it does not). */
    static void printLimits(List<ProcessDetail> processes, PrintWriter out) {
        List<ProcessDetail> limited = processes.stream().filter(p -> p.limits() != null).toList();
        if (limited.isEmpty()) {
            return;
        }
        out.println("Limits");
        for (ProcessDetail p : limited) {
            out.println("  " + p.name() + ": " + p.limits().summary());
        }
    }

    /** "7 (2 in the last hour, 5 in the last day)": since start or reset, then the recent counts kept across resets. */
    static String restarts(int total, int lastHour, int lastDay) {
        return total + " (" + lastHour + " in the last hour, " + lastDay + " in the last day)";
    }

    /** Each probe's strip of recent rounds, under the probe table; nothing before any round. */
    private static void rounds(List<ProbeDetail> probes, RoundStrip strip, PrintWriter out) {
        Table t = new Table();
        for (ProbeDetail p : probes) {
            if (!p.recent().isEmpty()) {
                t.row(p.name(), strip.render(p.recent()));
            }
        }
        String rendered = t.render("  ");
        if (!rendered.isEmpty()) {
            out.println("Recent rounds (oldest first)");
            out.print(rendered);
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
