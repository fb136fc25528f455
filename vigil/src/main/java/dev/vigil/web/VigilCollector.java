package dev.vigil.web;

import dev.vigil.metrics.ProbeResult;
import dev.vigil.metrics.RestartReason;
import dev.vigil.metrics.ServiceCounters;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.process.ExitStatus;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorSnapshot;
import dev.vigil.supervise.SupervisorSnapshot.ProbeView;
import dev.vigil.supervise.SupervisorSnapshot.ProcessView;
import dev.vigil.supervise.SupervisorSnapshot.ServiceView;
import io.prometheus.metrics.model.registry.MultiCollector;
import dev.vigil.metrics.LatencyHistogram;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Vigil's own metric families, built at each scrape from the supervisor's published snapshot and
 * the {@link ServiceCounters}: never a call into the supervisor, so a scrape cannot block it.
 * Labels carry names and enumerations only (service, process, probe, kind, state, reason,
 * result), never PIDs, times or free text. Series of services that are no longer configured are
 * not exported. Names, types and labels are documented in docs/METRICS.md.
 */
final class VigilCollector implements MultiCollector {

    private final Supplier<SupervisorSnapshot> snapshots;
    private final ServiceCounters counters;
    private final String version;
    private final boolean histogram;

    VigilCollector(Supplier<SupervisorSnapshot> snapshots, ServiceCounters counters, String version, boolean histogram) {
        this.snapshots = snapshots;
        this.counters = counters;
        this.version = version;
        this.histogram = histogram;
    }

    @Override
    public MetricSnapshots collect() {
        SupervisorSnapshot snapshot = snapshots.get();
        Set<String> live = new HashSet<>();
        snapshot.services().forEach(s -> live.add(s.name()));

        var state = GaugeSnapshot.builder().name("vigil_service_state")
                .help("1 for the service's current state, 0 for the others");
        var up = GaugeSnapshot.builder().name("vigil_service_up")
                .help("1 while the service's processes are up (running or degraded)");
        var startTime = GaugeSnapshot.builder().name("vigil_service_start_time_seconds")
                .help("Unix time at which the oldest process of the service's current run started");
        var lastExit = GaugeSnapshot.builder().name("vigil_process_last_exit_code")
                .help("Exit code of the process's previous run; 128+N when signal N ended it");
        var probeSuccess = GaugeSnapshot.builder().name("vigil_probe_success")
                .help("1 if the probe's last judged round succeeded, 0 if it failed");
        var probeFailures = GaugeSnapshot.builder().name("vigil_probe_consecutive_failures")
                .help("Failed rounds of the probe in a row");
        var restarts = CounterSnapshot.builder().name("vigil_service_restarts")
                .help("Restarts of the service or one of its processes, by reason");
        var probeRounds = CounterSnapshot.builder().name("vigil_probe")
                .help("Counted probe rounds, by result");

        Map<ServiceCounters.RestartKey, Long> restartCounts = counters.restarts();
        Map<ServiceCounters.ProbeKey, Long> roundCounts = counters.probeRounds();
        for (ServiceView service : snapshot.services()) {
            String name = service.name();
            for (StateKind kind : StateKind.values()) {
                state.dataPoint(gauge(service.state() == kind ? 1 : 0, "service", name, "state", kind.label()));
            }
            boolean isUp = service.state() == StateKind.RUNNING || service.state() == StateKind.DEGRADED;
            up.dataPoint(gauge(isUp ? 1 : 0, "service", name));
            service.processes().stream().filter(ProcessView::alive).flatMap(p -> p.startedAt().stream())
                    .min(java.util.Comparator.naturalOrder())
                    .ifPresent(t -> startTime.dataPoint(gauge(t.toEpochMilli() / 1000.0, "service", name)));
            for (ProcessView process : service.processes()) {
                process.lastExit().ifPresent(exit -> lastExit.dataPoint(
                        gauge(exitCode(exit), "service", name, "process", process.name())));
            }
            for (RestartReason reason : RestartReason.values()) {
                long n = restartCounts.getOrDefault(new ServiceCounters.RestartKey(name, reason), 0L);
                restarts.dataPoint(counter(n, "service", name, "reason", reason.label()));
            }
            for (ProbeView probe : service.probes()) {
                probe.lastOutcome().map(ProbeOutcome::verdict).filter(v -> v != ProbeOutcome.Verdict.NEUTRAL)
                        .ifPresent(v -> probeSuccess.dataPoint(gauge(v == ProbeOutcome.Verdict.SUCCESS ? 1 : 0,
                                "service", name, "probe", probe.name())));
                probeFailures.dataPoint(gauge(probe.consecutiveFailures(), "service", name, "probe", probe.name()));
                String kind = probe.spec().target().kind();
                for (ProbeResult result : new ProbeResult[] {ProbeResult.SUCCESS, ProbeResult.FAILURE}) {
                    if (!roundCounts.containsKey(new ServiceCounters.ProbeKey(name, probe.name(), kind, result))) {
                        probeRounds.dataPoint(counter(0, "service", name, "probe", probe.name(), "kind", kind,
                                "result", result.label()));
                    }
                }
            }
        }
        roundCounts.forEach((k, n) -> {
            if (live.contains(k.service())) {
                probeRounds.dataPoint(counter(n, "service", k.service(), "probe", k.probe(), "kind", k.kind(),
                        "result", k.result().label()));
            }
        });

        var pingAge = GaugeSnapshot.builder().name("vigil_watchdog_last_ping_age_seconds")
                .help("Seconds since the process's last WATCHDOG=1");
        var timeouts = CounterSnapshot.builder().name("vigil_watchdog_timeouts")
                .help("Watchdog deadlines the process missed (or WATCHDOG=trigger)");
        Map<ServiceCounters.ProcessKey, Long> timeoutCounts = counters.watchdogTimeouts();
        Set<ServiceCounters.ProcessKey> watched = new HashSet<>(timeoutCounts.keySet());
        counters.watchdogPingAgeSeconds().forEach((k, age) -> {
            watched.add(k);
            if (alive(snapshot, k)) {
                pingAge.dataPoint(gauge(age, "service", k.service(), "process", k.process()));
            }
        });
        for (ServiceCounters.ProcessKey k : watched) {
            if (live.contains(k.service())) {
                timeouts.dataPoint(counter(timeoutCounts.getOrDefault(k, 0L), "service", k.service(),
                        "process", k.process()));
            }
        }

        var budget = GaugeSnapshot.builder().name("vigil_restart_budget_remaining")
                .help("Probe- or watchdog-triggered restarts the daemon may still make in the current window")
                .dataPoint(gauge(counters.restartBudgetRemaining()));
        var build = InfoSnapshot.builder().name("vigil_build").help("The running Vigil's version")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("version", version)).build());

        MetricSnapshots.Builder all = MetricSnapshots.builder().metricSnapshot(state.build()).metricSnapshot(up.build())
                .metricSnapshot(startTime.build()).metricSnapshot(lastExit.build()).metricSnapshot(restarts.build())
                .metricSnapshot(probeRounds.build()).metricSnapshot(probeSuccess.build())
                .metricSnapshot(probeFailures.build()).metricSnapshot(pingAge.build()).metricSnapshot(timeouts.build())
                .metricSnapshot(budget.build()).metricSnapshot(build.build());
        if (histogram) {
            all.metricSnapshot(latencies(live));
        }
        LatencyHistogram.Counts late = counters.probeLateness();
        all.metricSnapshot(HistogramSnapshot.builder().name("vigil_probe_lateness_seconds")
                .help("How late the probe scheduler started each round (all services); starved or paused daemons show here")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(LatencyHistogram.LATENESS_BOUNDS, late.counts()))
                        .sum(late.sumSeconds()).build())
                .build());
        var notify = CounterSnapshot.builder().name("vigil_notify")
                .help("Alert notification deliveries ([[notify]] targets) by result: sent, failed, retried, dropped");
        counters.notifications().counts().forEach((k, n) ->
                notify.dataPoint(counter(n, "target", k.target(), "result", k.result())));
        all.metricSnapshot(notify.build());
        return all.build();
    }

    private HistogramSnapshot latencies(Set<String> live) {
        var durations = HistogramSnapshot.builder().name("vigil_probe_duration_seconds")
                .help("Latency of judged probe rounds; a timeout counts as its limit");
        counters.probeLatencies().forEach((k, counts) -> {
            if (live.contains(k.service())) {
                durations.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(LatencyHistogram.BOUNDS, counts.counts()))
                        .sum(counts.sumSeconds()).labels(Labels.of("service", k.service(), "probe", k.probe())).build());
            }
        });
        return durations.build();
    }

    private static boolean alive(SupervisorSnapshot snapshot, ServiceCounters.ProcessKey k) {
        return snapshot.service(k.service()).stream().flatMap(s -> s.processes().stream())
                .anyMatch(p -> p.name().equals(k.process()) && p.alive());
    }

    static double exitCode(ExitStatus exit) {
        return switch (exit) {
            case ExitStatus.Exited e -> e.code();
            case ExitStatus.Signaled s -> 128 + s.signal();
        };
    }

    private static GaugeDataPointSnapshot gauge(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    private static CounterDataPointSnapshot counter(double value, String... labels) {
        return CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }
}
