package dev.vigil.metrics;

import dev.vigil.config.DaemonSettings;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProcessSpec;
import dev.vigil.event.VigilEvent;
import dev.vigil.notify.NotifyEndpoint;
import dev.vigil.notify.NotifyMessage;
import dev.vigil.notify.NotifySockets;
import dev.vigil.probe.ProbeControl;
import dev.vigil.probe.ProbeReport;
import dev.vigil.supervise.SupervisorEvent;
import dev.vigil.time.Ticker;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The counters behind {@code /metrics} that a snapshot cannot give: restarts by reason, every
 * counted probe round by result, watchdog timeouts, the last WATCHDOG=1 of each process and the
 * daemon-wide restart budget. JDK only, always wired (so nothing is missed before a scrape, and
 * counts survive a reload); the Prometheus side reads them only when {@code [http]} is on.
 *
 * <p>Fed from the typed events ({@link #accept}), from every probe report (through
 * {@link #counting(ProbeControl)}) and from every notify datagram (through
 * {@link #counting(NotifySockets)}). Thread-safe: counting is lock-free; the restart classifier
 * is serialised by a lock held for a few map operations.
 */
public final class ServiceCounters implements Consumer<VigilEvent> {

    public record RestartKey(String service, RestartReason reason) {}

    public record ProbeKey(String service, String probe, String kind, ProbeResult result) {}

    public record ProcessKey(String service, String process) {}

    public record ProbeName(String service, String probe) {}

    private final Ticker ticker;
    private final Map<RestartKey, LongAdder> restarts = new ConcurrentHashMap<>();
    private final Map<ProbeKey, LongAdder> probeRounds = new ConcurrentHashMap<>();
    private final Map<ProcessKey, LongAdder> watchdogTimeouts = new ConcurrentHashMap<>();
    private final Map<ProcessKey, Long> lastPingNanos = new ConcurrentHashMap<>();
    private final Map<ProbeName, LatencyHistogram> latencies = new ConcurrentHashMap<>();
    private final LatencyHistogram lateness = new LatencyHistogram(LatencyHistogram.LATENESS_BOUNDS);
    private final RestartClassifier classifier = new RestartClassifier();
    /** Monotonic times of probe/watchdog restarts, oldest first, for the budget's window. */
    private final Deque<Long> remedies = new ArrayDeque<>();
    private volatile DaemonSettings settings = DaemonSettings.defaults();
    private final NotifyCounters notifications = new NotifyCounters();

    public ServiceCounters(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Alert notification deliveries ({@code vigil_notify_total}), counted by the alert couriers. */
    public NotifyCounters notifications() {
        return notifications;
    }

    /** Takes the daemon-wide settings of the config applied (first or reloaded). */
    public void configure(DaemonSettings daemon) {
        this.settings = daemon;
    }

    @Override
    public void accept(VigilEvent event) {
        if (event instanceof SupervisorEvent.WatchdogMissed missed) {
            add(watchdogTimeouts, new ProcessKey(missed.service(), missed.process()));
        }
        if (event instanceof SupervisorEvent.RestartTriggered) {
            synchronized (remedies) {
                remedies.addLast(ticker.nanoTime());
            }
        }
        RestartReason reason;
        synchronized (classifier) {
            reason = classifier.accept(event).orElse(null);
        }
        if (reason != null) {
            add(restarts, new RestartKey(event.service(), reason));
        }
    }

    /** A probe control that counts every report it delivers, then hands it on. */
    public ProbeControl counting(ProbeControl probes) {
        return new ProbeControl() {
            @Override
            public void start(String service, long instance, List<ProbeSpec> specs, Consumer<ProbeReport> sink) {
                Map<String, String> kinds = new ConcurrentHashMap<>();
                specs.forEach(p -> kinds.put(p.name(), p.target().kind()));
                probes.start(service, instance, specs, report -> {
                    add(probeRounds, new ProbeKey(service, report.probe(), kinds.getOrDefault(report.probe(), "unknown"),
                            ProbeResult.of(report.outcome())));
                    latencySeconds(report.outcome()).ifPresent(seconds -> latencies
                            .computeIfAbsent(new ProbeName(service, report.probe()), k -> new LatencyHistogram())
                            .record(seconds));
                    sink.accept(report);
                });
            }

            @Override
            public void stop(String service, List<String> probeNames) {
                probes.stop(service, probeNames);
            }

            @Override
            public void stopAll(String service) {
                probes.stopAll(service);
            }

            @Override
            public List<String> runNow(String service, List<String> probeNames) {
                return probes.runNow(service, probeNames);
            }
        };
    }

    /** Notify sockets that note the time of every WATCHDOG=1, then hand the datagram on. */
    public NotifySockets counting(NotifySockets sockets) {
        return (String service, ProcessSpec spec, Consumer<dev.vigil.notify.NotifyDatagram> sink) -> {
            NotifyEndpoint endpoint = sockets.open(service, spec, datagram -> {
                if (datagram.messages().stream().anyMatch(NotifyMessage.WatchdogPing.class::isInstance)) {
                    lastPingNanos.put(new ProcessKey(datagram.service(), datagram.process()), ticker.nanoTime());
                }
                sink.accept(datagram);
            });
            return endpoint;
        };
    }

    /** Marks an operator's restart of {@code service} as under way (true) or answered (false). */
    public void manualRestart(String service, boolean underWay) {
        synchronized (classifier) {
            classifier.manualRestartRequested(service, underWay);
        }
    }

    /** Marks a reload as under way (true) or finished (false). */
    public void reloading(boolean underWay) {
        synchronized (classifier) {
            classifier.reloading(underWay);
        }
    }

    /** Drops every series of services that a reload removed. */
    public void forget(Collection<String> services) {
        for (String service : services) {
            restarts.keySet().removeIf(k -> k.service().equals(service));
            probeRounds.keySet().removeIf(k -> k.service().equals(service));
            watchdogTimeouts.keySet().removeIf(k -> k.service().equals(service));
            lastPingNanos.keySet().removeIf(k -> k.service().equals(service));
            latencies.keySet().removeIf(k -> k.service().equals(service));
            synchronized (classifier) {
                classifier.forget(service);
            }
        }
    }

    public Map<RestartKey, Long> restarts() {
        return values(restarts);
    }

    public Map<ProbeKey, Long> probeRounds() {
        return values(probeRounds);
    }

    public Map<ProcessKey, Long> watchdogTimeouts() {
        return values(watchdogTimeouts);
    }

    /** Latencies of each probe's judged rounds (a timeout counts as its limit). */
    public Map<ProbeName, LatencyHistogram.Counts> probeLatencies() {
        Map<ProbeName, LatencyHistogram.Counts> out = new java.util.HashMap<>();
        latencies.forEach((k, h) -> out.put(k, h.counts()));
        return out;
    }

    /**
     * Called by the probe scheduler for every round with how late it started ({@code
     * vigil_probe_lateness_seconds}); negative (early) counts as on time.
     */
    public void probeRoundStarted(long latenessNanos) {
        lateness.record(Math.max(0, latenessNanos) / 1e9);
    }

    /** How late probe rounds started, daemon-wide, in {@link LatencyHistogram#LATENESS_BOUNDS}. */
    public LatencyHistogram.Counts probeLateness() {
        return lateness.counts();
    }

    private static java.util.Optional<Double> latencySeconds(dev.vigil.probe.ProbeOutcome outcome) {
        return switch (outcome) {
            case dev.vigil.probe.ProbeOutcome.Healthy h -> java.util.Optional.of(h.latency().toNanos() / 1e9);
            case dev.vigil.probe.ProbeOutcome.Unhealthy u -> java.util.Optional.of(u.latency().toNanos() / 1e9);
            case dev.vigil.probe.ProbeOutcome.TimedOut t -> java.util.Optional.of(t.limit().toNanos() / 1e9);
            case dev.vigil.probe.ProbeOutcome.Unprobeable u -> java.util.Optional.empty();
            case dev.vigil.probe.ProbeOutcome.Unknown u -> java.util.Optional.empty();
        };
    }

    /** Seconds since each process's last WATCHDOG=1, for processes that sent one. */
    public Map<ProcessKey, Double> watchdogPingAgeSeconds() {
        long now = ticker.nanoTime();
        Map<ProcessKey, Double> ages = new java.util.HashMap<>();
        lastPingNanos.forEach((k, at) -> ages.put(k, (now - at) / 1e9));
        return ages;
    }

    /**
     * Probe- or watchdog-triggered restarts the daemon may still make in the current window of
     * {@code [daemon] probe_restart_budget} / {@code probe_restart_period}.
     */
    public int restartBudgetRemaining() {
        DaemonSettings daemon = settings;
        long cutoff = ticker.nanoTime() - daemon.probeRestartPeriod().toNanos();
        synchronized (remedies) {
            while (!remedies.isEmpty() && remedies.peekFirst() - cutoff <= 0) {
                remedies.removeFirst();
            }
            return Math.max(0, daemon.probeRestartBudget() - remedies.size());
        }
    }

    private static <K> void add(Map<K, LongAdder> counters, K key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static <K> Map<K, Long> values(Map<K, LongAdder> counters) {
        Map<K, Long> out = new java.util.HashMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
