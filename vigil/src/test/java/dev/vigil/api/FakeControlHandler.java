package dev.vigil.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A scripted {@link ControlHandler}: a fixed set of services in every state, logs and events,
 * and a record of the calls it got. Public so the CLI tests and the benchmark's fake daemon use it.
 */
public final class FakeControlHandler implements ControlHandler {

    public static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    /** Every call, as "method arg" strings, in order. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<ServiceSummary> services;
    private final List<LogEntry> log = new ArrayList<>();
    /** When set, every method throws what this supplies (for the internal-error test). */
    public volatile Supplier<RuntimeException> failWith;
    /** When set, reload rejects with these problems. */
    public volatile List<String> reloadProblems;

    public FakeControlHandler() {
        this(sampleServices());
    }

    public FakeControlHandler(List<ServiceSummary> services) {
        this.services = List.copyOf(services);
        for (int i = 1; i <= 5; i++) {
            log.add(new LogEntry(i, NOW.plusSeconds(i), i % 2 == 0 ? "stderr" : "stdout", "line " + i, i <= 3 ? "server" : "ui"));
        }
    }

    /** Five services, one per interesting state. */
    public static List<ServiceSummary> sampleServices() {
        return List.of(
                new ServiceSummary("batch", ServiceState.STOPPED, "stopped by request", NOW.minusSeconds(600), List.of(), null, 0, null, null, List.of(),
                        null, 0, 0, "no action (stopped)", null),
                new ServiceSummary("cron", ServiceState.BACKOFF, "exited with code 1", NOW.minusSeconds(2), List.of(), null, 2,
                        NOW.plusSeconds(4), null, List.of(), null, 2, 2, "restart (attempt 2) in 4s", NOW.plusSeconds(4)),
                new ServiceSummary("os", ServiceState.DEGRADED, "probe ui failing", NOW.minusSeconds(30), List.of(2001L, 2002L), 3_723_000L, 1, null,
                        "serving", List.of(new FailingProbe("ui", "connect refused (unix:/run/os/ui.sock)", 3, 3)), null, 0, 1,
                        "warn only (on_degraded = warn)", null),
                new ServiceSummary("web", ServiceState.RUNNING, null, NOW.minusSeconds(7200), List.of(1234L), 7_200_000L, 0, null, null, List.of(),
                        null, 0, 0, "restart if it exits", null),
                new ServiceSummary("worker", ServiceState.FAILED, "crash loop: 5 restarts within 60s", NOW.minusSeconds(60), List.of(), null, 5,
                        NOW.plus(Duration.ofMinutes(4)), null, List.of(), null, 5, 7, "retry in 4m00s", NOW.plus(Duration.ofMinutes(4))));
    }

    /** {@code n} running services named svc-000..., for load and benchmarks. */
    public static List<ServiceSummary> manyServices(int n) {
        return IntStream.range(0, n).mapToObj(i -> new ServiceSummary(String.format("svc-%03d", i), ServiceState.RUNNING, null,
                NOW.minusSeconds(i), List.of(10_000L + i), 1000L * i, i % 3, null, null, List.of())).toList();
    }

    private void check() {
        Supplier<RuntimeException> f = failWith;
        if (f != null) {
            throw f.get();
        }
    }

    private ServiceSummary find(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownServiceException(name, services.stream().map(ServiceSummary::name).toList()));
    }

    @Override
    public ServiceList list() {
        calls.add("list");
        check();
        return new ServiceList(services);
    }

    @Override
    public ServiceDetail status(ServiceName params) {
        calls.add("status " + params.name());
        check();
        ServiceSummary s = find(params.name());
        List<ProcessDetail> processes = List.of(
                new ProcessDetail("server", s.pids().isEmpty() ? null : s.pids().getFirst(), s.pids().isEmpty() ? null : s.pids().getFirst(),
                        s.pids().isEmpty() ? null : NOW.minusSeconds(3723), s.uptimeMs(), !s.pids().isEmpty(), null),
                new ProcessDetail("ui", null, null, null, null, false,
                        new ProcessExit(NOW.minusSeconds(40), null, "SIGKILL", "killed by SIGKILL")));
        List<ProbeDetail> probes = List.of(new ProbeDetail("ui", "tcp", "unix:/run/os/ui.sock", "liveness", "ui",
                new ProbeResult("unhealthy", "connect refused (unix:/run/os/ui.sock)", 1L, NOW.minusSeconds(1)), 3, 0, 3, true, NOW.plusSeconds(1),
                List.of(new ProbeResult("healthy", null, 1L, NOW.minusSeconds(4)),
                        new ProbeResult("unhealthy", "connect refused (unix:/run/os/ui.sock)", 1L, NOW.minusSeconds(3)),
                        new ProbeResult("timed_out", "no answer within 1s", 1000L, NOW.minusSeconds(2)),
                        new ProbeResult("unhealthy", "connect refused (unix:/run/os/ui.sock)", 1L, NOW.minusSeconds(1)))));
        List<EventRecord> events = List.of(new EventRecord(41, NOW.minusSeconds(40), "process_exited", s.name(), "ui", "warn",
                Map.of("signal", "SIGKILL")));
        return new ServiceDetail(s.name(), s.state(), s.reason(), s.since(), s.restarts(), s.nextRetry(), s.statusText(), processes, probes, events,
                s.lastRestart(), s.restartsLastHour(), s.restartsLastDay(), s.nextAction(), s.nextActionAt());
    }

    private CommandResults command(String verb, Selection params, ServiceState after) {
        calls.add(verb + " " + (params.all() ? "--all" : String.join(",", params.names())));
        check();
        List<String> names = params.all() ? services.stream().map(ServiceSummary::name).toList() : params.names();
        names.forEach(this::find); // all names checked before acting on any
        return new CommandResults(names.stream().map(n -> new CommandResult(n, true, after, verb + "ed")).toList());
    }

    @Override
    public CommandResults start(Selection params) {
        return command("start", params, ServiceState.STARTING);
    }

    /**
     * As the daemon does with dependencies: web depends on os here, so a stop of os without web
     * (and without with_dependents) is refused naming web; with it, web stops first.
     */
    @Override
    public CommandResults stop(Selection params) {
        if (params.all() || !params.names().contains("os") || params.names().contains("web")) {
            return command("stop", params, ServiceState.STOPPED);
        }
        if (params.withDependents()) {
            calls.add("stop --with-dependents " + String.join(",", params.names()));
            List<CommandResult> results = new java.util.ArrayList<>(List.of(new CommandResult("web", true, ServiceState.STOPPED, "stopped")));
            params.names().forEach(n -> results.add(new CommandResult(n, true, ServiceState.STOPPED, "stopped")));
            return new CommandResults(results);
        }
        calls.add("stop " + String.join(",", params.names()));
        return new CommandResults(params.names().stream().map(n -> n.equals("os")
                ? new CommandResult(n, false, ServiceState.DEGRADED, "not stopped: web depends on it and is running", List.of("web"))
                : new CommandResult(n, true, ServiceState.STOPPED, "stopped")).toList());
    }

    @Override
    public CommandResults restart(Selection params) {
        return command("restart", params, ServiceState.STARTING);
    }

    @Override
    public CommandResults reset(Selection params) {
        return command("reset", params, ServiceState.STARTING);
    }

    /** Appends a line to the fake log (for follow tests). */
    public synchronized void appendLog(String process, String text) {
        long seq = log.isEmpty() ? 1 : log.getLast().seq() + 1;
        log.add(new LogEntry(seq, NOW.plusSeconds(seq), "stdout", text, process));
    }

    @Override
    public synchronized LogPage logs(LogsQuery q) {
        calls.add("logs " + q.name() + " " + q.process() + " " + q.lines() + " " + q.after());
        check();
        find(q.name());
        List<LogEntry> matching = log.stream().filter(l -> q.process() == null || l.process().equals(q.process())).toList();
        long end = log.isEmpty() ? 0 : log.getLast().seq();
        if (q.after() == null) {
            List<LogEntry> tail = matching.subList(Math.max(0, matching.size() - q.lines()), matching.size());
            return new LogPage(tail, end, 0);
        }
        List<LogEntry> newer = matching.stream().filter(l -> l.seq() > q.after()).limit(q.lines()).toList();
        return new LogPage(newer, newer.isEmpty() ? Math.max(q.after(), end) : newer.getLast().seq(), 0);
    }

    @Override
    public EventList events(EventsQuery q) {
        calls.add("events " + q.name() + " " + q.since() + " " + q.limit());
        check();
        if (q.name() != null) {
            find(q.name());
        }
        List<EventRecord> all = List.of(
                new EventRecord(1, NOW.minusSeconds(120), "service_started", "web", null, "info", Map.of("attempt", 1)),
                new EventRecord(2, NOW.minusSeconds(60), "probe_failed", "os", "ui", "warn",
                        ordered("probe", "ui", "reason", "connect refused", "consecutive", 3)),
                new EventRecord(3, NOW.minusSeconds(30), "service_degraded", "os", null, "error", Map.of()));
        List<EventRecord> matching = all.stream()
                .filter(e -> q.name() == null || q.name().equals(e.service()))
                .filter(e -> q.since() == null || !e.ts().isBefore(q.since()))
                .toList();
        return new EventList(matching.subList(Math.max(0, matching.size() - q.limit()), matching.size()));
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Override
    public DependencyGraph graph() {
        calls.add("graph");
        check();
        return new DependencyGraph(List.of(new GraphNode("db", ServiceState.RUNNING, null),
                new GraphNode("web", ServiceState.WAITING, "waiting for db: ready")),
                List.of(new GraphEdge("web", "db", "ready", false)));
    }

    @Override
    public ReloadResult reload() {
        calls.add("reload");
        check();
        List<String> problems = reloadProblems;
        if (problems != null) {
            throw new ConfigRejectedException(problems);
        }
        return new ReloadResult(List.of("new"), List.of("old"), List.of("os"), List.of("batch", "web"));
    }
}
