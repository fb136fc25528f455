package dev.vigil.daemon;

import dev.vigil.api.CgroupLimits;
import dev.vigil.api.DependencyGraph;
import dev.vigil.api.EventRecord;
import dev.vigil.api.GraphEdge;
import dev.vigil.api.GraphNode;
import dev.vigil.api.FailingProbe;
import dev.vigil.api.LastRestart;
import dev.vigil.api.NotifyDetail;
import dev.vigil.api.ProbeDetail;
import dev.vigil.api.ProbeResult;
import dev.vigil.api.ProcessDetail;
import dev.vigil.api.ProcessExit;
import dev.vigil.api.ServiceDetail;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceSummary;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.UnixSignal;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.process.ExitStatus;
import dev.vigil.store.StoredEvent;
import dev.vigil.supervise.DependencyLink;
import dev.vigil.supervise.NotifyChannel;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorSnapshot;
import dev.vigil.supervise.SupervisorSnapshot.ProbeView;
import dev.vigil.supervise.SupervisorSnapshot.ProcessView;
import dev.vigil.supervise.SupervisorSnapshot.ServiceView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Turns the supervisor's snapshot and the store's events into the control API's records. */
final class ApiViews {
    private ApiViews() {
    }

    static ServiceState state(StateKind kind) {
        return kind.face();
    }

    static ServiceSummary summary(ServiceView s, Instant now) {
        List<Long> pids = s.processes().stream().filter(p -> p.alive() && p.pid() > 0).map(ProcessView::pid).toList();
        List<FailingProbe> failing = s.probes().stream().filter(ProbeView::failing)
                .map(p -> new FailingProbe(p.name(), p.lastResult().orElse("failing"), p.consecutiveFailures(),
                        p.threshold()))
                .toList();
        return new ServiceSummary(s.name(), state(s.state()), reason(s), s.since(), pids, uptimeMs(s, now),
                s.restarts(), s.nextRetry().orElse(null), statusText(s), failing, lastRestart(s),
                s.recentRestarts().lastHour(now), s.recentRestarts().lastDay(now), s.next().describe(now),
                s.next().at().orElse(null));
    }

    static DependencyGraph graph(SupervisorSnapshot snapshot, List<DependencyLink> links) {
        List<GraphNode> nodes = snapshot.services().stream().sorted(java.util.Comparator.comparing(ServiceView::name))
                .map(s -> new GraphNode(s.name(), state(s.state()), reason(s))).toList();
        List<GraphEdge> edges = links.stream()
                .sorted(java.util.Comparator.comparing(DependencyLink::service).thenComparing(DependencyLink::dependsOn))
                .map(l -> new GraphEdge(l.service(), l.dependsOn(), l.condition().word(), l.holds())).toList();
        return new DependencyGraph(nodes, edges);
    }

    static ServiceDetail detail(ServiceView s, Instant now, List<StoredEvent> recent) {
        return detail(s, now, recent, java.util.Map.of());
    }

    /** @param limits the cgroup limits of those of its processes that have some, by process name */
    static ServiceDetail detail(ServiceView s, Instant now, List<StoredEvent> recent,
            java.util.Map<String, CgroupLimits> limits) {
        List<ProcessDetail> processes = s.processes().stream().map(p -> process(p, now, limits.get(p.name()))).toList();
        List<ProbeDetail> probes = s.probes().stream().map(ApiViews::probe).toList();
        return new ServiceDetail(s.name(), state(s.state()), reason(s), s.since(), s.restarts(),
                s.nextRetry().orElse(null), statusText(s), processes, probes, recent.stream().map(ApiViews::event).toList(),
                lastRestart(s), s.recentRestarts().lastHour(now), s.recentRestarts().lastDay(now), s.next().describe(now),
                s.next().at().orElse(null));
    }

    static EventRecord event(StoredEvent e) {
        return new EventRecord(e.id(), e.at(), e.type(), e.service(), e.process(),
                e.severity().name().toLowerCase(Locale.ROOT), e.fields(), e.count(), e.lastAt());
    }

    private static LastRestart lastRestart(ServiceView s) {
        return s.lastRestart().map(r -> new LastRestart(r.at(), r.reason())).orElse(null);
    }

    private static String reason(ServiceView s) {
        return s.reason() == null || s.reason().isEmpty() ? null : s.reason();
    }

    private static String statusText(ServiceView s) {
        return s.processes().stream().map(ProcessView::notifyStatus).filter(t -> t != null && !t.isEmpty())
                .reduce((a, b) -> a + "; " + b).orElse(null);
    }

    /** Since the oldest current start among the live processes: how long the service has been up as it is. */
    private static Long uptimeMs(ServiceView s, Instant now) {
        return s.processes().stream().filter(ProcessView::alive).map(ProcessView::startedAt)
                .flatMap(java.util.Optional::stream).min(Instant::compareTo)
                .map(started -> Duration.between(started, now).toMillis()).orElse(null);
    }

    private static ProcessDetail process(ProcessView p, Instant now, CgroupLimits limits) {
        boolean running = p.alive() && p.pid() > 0;
        ProcessExit exit = p.lastExit().map(status -> exit(status, p.exitedAt().orElse(null))).orElse(null);
        return new ProcessDetail(p.name(), running ? p.pid() : null, running ? p.pgid() : null,
                p.startedAt().orElse(null),
                p.startedAt().filter(t -> running).map(t -> Duration.between(t, now).toMillis()).orElse(null),
                running, exit, p.notifyChannel().map(n -> notifyChannel(n, p, now)).orElse(null), limits);
    }

    private static NotifyDetail notifyChannel(NotifyChannel n, ProcessView p, Instant now) {
        return new NotifyDetail(n.ready(), n.readyAt().orElse(null),
                p.notifyStatus() == null || p.notifyStatus().isEmpty() ? null : p.notifyStatus(),
                n.lastWatchdog().orElse(null), n.lastWatchdog().map(t -> Duration.between(t, now).toMillis()).orElse(null),
                n.watchdogInterval(), n.watchdogMissed().orElse(null));
    }

    private static ProcessExit exit(ExitStatus status, Instant at) {
        return switch (status) {
            case ExitStatus.Exited e -> new ProcessExit(at, e.code(), null, "exited with code " + e.code());
            case ExitStatus.Signaled k -> new ProcessExit(at, null,
                    UnixSignal.ofNumber(k.signal()).map(sig -> "SIG" + sig.name()).orElse("signal " + k.signal()),
                    k.toString());
        };
    }

    private static ProbeDetail probe(ProbeView p) {
        ProbeResult last = p.lastOutcome().map(o -> result(o, p.lastAt().orElse(null))).orElse(null);
        if (last != null && last.reason() == null && p.spec().target() instanceof ProbeTarget.Memory
                && p.lastOutcome().get() instanceof ProbeOutcome.Healthy h) {
            // A memory check's healthy result is a reading worth showing: "rss 120 MiB of 400 MiB (...)".
            last = new ProbeResult(last.outcome(), h.detail(), last.latencyMs(), last.at());
        }
        return new ProbeDetail(p.name(), p.spec().target().kind(), p.target(),
                p.role().name().toLowerCase(Locale.ROOT), p.spec().process().orElse(null), last,
                p.consecutiveFailures(), p.consecutiveSuccesses(), p.spec().failures(), p.failing(), nextRun(p),
                p.recent().stream().map(t -> result(t.outcome(), t.at())).toList());
    }

    /**
     * When the next round is due, estimated from the last one: rounds run at a fixed rate, and a
     * round is judged {@code latency} after it started. Null while the probe is not running or
     * before its first judged round.
     */
    static Instant nextRun(ProbeView p) {
        if (!p.running() || p.lastAt().isEmpty()) {
            return null;
        }
        long latency = p.latencyMillis().orElse(0L);
        return p.lastAt().get().plus(p.spec().interval()).minusMillis(latency);
    }

    static ProbeResult result(ProbeOutcome outcome, Instant at) {
        return switch (outcome) {
            case ProbeOutcome.Healthy h -> new ProbeResult("healthy", null, h.latency().toMillis(), at);
            case ProbeOutcome.Unhealthy u -> new ProbeResult("unhealthy", u.reason(), u.latency().toMillis(), at);
            case ProbeOutcome.TimedOut t -> new ProbeResult("timed_out", t.describe(), t.limit().toMillis(), at);
            case ProbeOutcome.Unprobeable u -> new ProbeResult("unprobeable", u.problem(), null, at);
            case ProbeOutcome.Unknown u -> new ProbeResult("unknown", u.describe(), null, at);
        };
    }
}
