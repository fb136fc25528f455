package dev.vigil.cli;

import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import dev.vigil.api.EventRecord;
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

    private static void print(ServiceDetail s, CliEnvironment env) {
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
        head.row("restarts:", String.valueOf(s.restarts()));
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
