package dev.vigil.supervise;

import dev.vigil.config.ServiceSpec;
import dev.vigil.notify.NotifyEndpoint;
import dev.vigil.probe.ProbeReport;
import dev.vigil.process.RunningProcess;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The shell's record of one service: the core's state and context plus the handles the core does
 * not see (running processes, notify endpoints, pending timers). Touched only by the supervisor's
 * thread.
 */
final class ServiceCell {
    final String name;
    ServiceState state = ServiceState.Stopped.INITIAL;
    ServiceContext context;
    Instant since;
    /** Removed from the configuration: disappears once STOPPED. */
    boolean removing;
    /** What holds in this service for its dependents, as of its last step. */
    DependencyFacts facts = DependencyFacts.ABSENT;
    final Map<String, Handle> handles = new HashMap<>();
    final Map<TimerKey, Timer> timers = new HashMap<>();
    /** When each probe's last report was judged (wall clock), for people reading status. */
    private final Map<String, Instant> probeJudgedAt = new HashMap<>();
    /** Each probe's last judged rounds (a probe removed by a reload keeps its ring until the service goes). */
    private final Map<String, ProbeHistory> histories = new HashMap<>();
    /** "Probe now" requests waiting for their rounds. */
    private final List<RoundWaiter> roundWaiters = new java.util.ArrayList<>();
    /** Probes judged since the view was built: their views are rebuilt even if their slot is the same. */
    private final Set<String> judgedSinceView = new HashSet<>();
    /** When READY=1 and the last WATCHDOG=1 came, per process and the instance they came from. */
    private final Map<String, Heard> ready = new HashMap<>();
    private final Map<String, Heard> pinged = new HashMap<>();

    private record Heard(long instance, Instant at) {}

    /** When each process last exited (wall clock). */
    final Map<String, Instant> exitedAt = new HashMap<>();
    /** Restarts in the last hour and day, for people. */
    RecentRestarts recentRestarts = RecentRestarts.NONE;
    /** The last restart the core decided on its own, for people. */
    Optional<SupervisorSnapshot.RestartView> lastRestart = Optional.empty();
    /** The view as of the last change; null = to be rebuilt. */
    private SupervisorSnapshot.ServiceView view;
    /**
     * The probe slots and the spec the last view was built from, and their views in the slots'
     * order: a report replaces one slot, so only that probe's view is built again, not every
     * probe's. {@code probeViews} is published as it is (a {@link FrozenList}): never written after.
     */
    private ProbeSlots viewedSlots;
    private ServiceSpec viewedSpec;
    private SupervisorSnapshot.ProbeView[] probeViews = new SupervisorSnapshot.ProbeView[0];

    /** A launched process of one instance, and its notify socket if it has one. */
    record Handle(RunningProcess process, Optional<NotifyEndpoint> endpoint, long instance, Instant startedAt) {}

    /** A pending timer; identity tells a current fire from one that was replaced or cancelled. */
    static final class Timer {
        Scheduler.Cancellable cancellable;
    }

    ServiceCell(ServiceSpec spec, RestartBudget budget, Instant now) {
        this.name = spec.name();
        this.context = ServiceContext.initial(spec, budget);
        this.since = now;
    }

    /**
     * Records when a report was judged, and the round in the probe's recent history ({@code seq}:
     * the daemon-wide round number); call before delivering it.
     */
    void judged(ProbeReport report, Instant at, long seq) {
        probeJudgedAt.put(report.probe(), at);
        judgedSinceView.add(report.probe());
        ProbeTick tick = new ProbeTick(seq, at, report.outcome());
        histories.computeIfAbsent(report.probe(), p -> new ProbeHistory()).add(tick);
        if (!roundWaiters.isEmpty()) {
            roundWaiters.removeIf(w -> w.judged(report.probe(), tick));
        }
    }

    /** Completes {@code done} once each of {@code probes} has had a round judged. */
    void awaitRounds(java.util.Collection<String> probes, java.util.concurrent.CompletableFuture<Map<String, ProbeTick>> done) {
        roundWaiters.removeIf(w -> w.done.isDone()); // given up on by the asker (a timeout)
        roundWaiters.add(new RoundWaiter(new HashSet<>(probes), new java.util.LinkedHashMap<>(), done));
    }

    /** A "probe now" waiting for the rounds of {@code left}. */
    private record RoundWaiter(Set<String> left, Map<String, ProbeTick> got,
                               java.util.concurrent.CompletableFuture<Map<String, ProbeTick>> done) {
        /** Takes the round; true once every probe has had one (and {@code done} is completed). */
        boolean judged(String probe, ProbeTick tick) {
            if (left.remove(probe)) {
                got.put(probe, tick);
            }
            if (left.isEmpty() || done.isDone()) {
                done.complete(Map.copyOf(got));
                return true;
            }
            return false;
        }
    }

    /** Remembers a restart the core announced ({@code restart_triggered} or {@code restart_scheduled}). */
    void restarted(SupervisorEvent event, Instant at) {
        if (event instanceof SupervisorEvent.RestartTriggered triggered) {
            lastRestart = Optional.of(new SupervisorSnapshot.RestartView(at, triggered.reason()));
        } else if (event instanceof SupervisorEvent.RestartScheduled scheduled) {
            lastRestart = Optional.of(new SupervisorSnapshot.RestartView(at, scheduled.reason()));
        }
    }

    /** Notes READY=1 and WATCHDOG=1 of a datagram for people; call before delivering it. */
    void notified(Event.Notify notify, Instant at) {
        for (dev.vigil.notify.NotifyMessage m : notify.datagram().messages()) {
            if (m instanceof dev.vigil.notify.NotifyMessage.Ready) {
                ready.put(notify.process(), new Heard(notify.instance(), at));
            } else if (m instanceof dev.vigil.notify.NotifyMessage.WatchdogPing) {
                pinged.put(notify.process(), new Heard(notify.instance(), at));
            }
        }
    }

    private Optional<NotifyChannel> channel(ProcessSlot slot) {
        if (!slot.spec().wantsNotifySocket()) {
            return Optional.empty();
        }
        Optional<Instant> readyAt = Optional.ofNullable(ready.get(slot.name()))
                .filter(h -> h.instance() == slot.instance()).map(Heard::at);
        Optional<Instant> pingAt = Optional.ofNullable(pinged.get(slot.name()))
                .filter(h -> h.instance() == slot.instance()).map(Heard::at);
        long interval = 0;
        Optional<String> missed = Optional.empty();
        boolean open = readyAt.isPresent();
        if (slot.phase() instanceof ProcessSlot.Up up) {
            interval = dev.vigil.config.Durations.millis(up.watchdog().intervalNanos());
            missed = up.watchdog().missed();
            open |= up.gate() instanceof ProcessSlot.Gate.Open || up.gate() instanceof ProcessSlot.Gate.Closed c && c.ready();
        }
        return Optional.of(new NotifyChannel(open, readyAt, pingAt, interval, missed));
    }

    void cancelTimers() {
        timers.values().forEach(t -> t.cancellable.cancel());
        timers.clear();
    }

    /**
     * Something the view shows may have changed (state, context, handles, exit or judging times):
     * the next {@link #view} rebuilds it. Every such change happens inside {@code Supervisor.deliver},
     * which calls this.
     */
    void changed() {
        view = null;
    }

    /**
     * The public view, rebuilt only after {@link #changed}; {@code nanoNow}/{@code wallNow} convert
     * monotonic deadlines to wall-clock times when it is rebuilt.
     */
    SupervisorSnapshot.ServiceView view(long nanoNow, Instant wallNow) {
        if (view == null) {
            view = buildView(nanoNow, wallNow);
        }
        return view;
    }

    private SupervisorSnapshot.ServiceView buildView(long nanoNow, Instant wallNow) {
        SupervisorSnapshot.ProcessView[] processes = new SupervisorSnapshot.ProcessView[context.processes().size()];
        int n = 0;
        for (ProcessSlot slot : context.processes().values()) {
            Handle h = handles.get(slot.name());
            boolean current = h != null && h.instance() == slot.instance() && slot.pid() != 0;
            processes[n++] = new SupervisorSnapshot.ProcessView(slot.name(), slot.pid(), slot.pgid(),
                    current ? Optional.of(h.startedAt()) : Optional.empty(), slot.lastExit(), slot.alive(),
                    slot.instance(), slot.status(), Optional.ofNullable(exitedAt.get(slot.name())), channel(slot));
        }
        List<SupervisorSnapshot.ProbeView> probes = probeViews();
        OptionalLong retryAt = switch (state) {
            case ServiceState.Backoff b -> OptionalLong.of(b.untilNanos());
            case ServiceState.Failed f -> f.retryAtNanos();
            case ServiceState.Stopped s -> OptionalLong.empty();
            case ServiceState.Starting s -> OptionalLong.empty();
            case ServiceState.Running s -> OptionalLong.empty();
            case ServiceState.Degraded s -> OptionalLong.empty();
            case ServiceState.Stopping s -> OptionalLong.empty();
            case ServiceState.Waiting s -> OptionalLong.empty();
        };
        Optional<Instant> nextRetry = retryAt.isPresent()
                ? Optional.of(wallNow.plusNanos(retryAt.getAsLong() - nanoNow)) : Optional.empty();
        return new SupervisorSnapshot.ServiceView(name, state.kind(), state.reason(), since, List.of(processes),
                context.restarts(), nextRetry, probes, lastRestart, recentRestarts,
                NextAction.of(state, context, nanoNow, wallNow));
    }

    /**
     * Every probe's view. Those whose slot is the same object, that were not judged since, under the
     * same spec (which the threshold shown depends on) are reused; when the probes themselves
     * changed (a reload), all are built again.
     */
    private List<SupervisorSnapshot.ProbeView> probeViews() {
        ProbeSlots slots = context.probes();
        if (viewedSlots == null || !slots.sameProbesAs(viewedSlots) || context.spec() != viewedSpec) {
            probeViews = new SupervisorSnapshot.ProbeView[slots.size()];
            for (int i = 0; i < probeViews.length; i++) {
                probeViews[i] = probeView(slots.at(i), null);
            }
        } else {
            probeViews = probeViews.clone(); // the last view's list holds the previous array
            for (int i = 0; i < probeViews.length; i++) {
                if (slots.at(i) != viewedSlots.at(i)) {
                    probeViews[i] = probeView(slots.at(i), probeViews[i]);
                }
            }
            for (String judged : judgedSinceView) {
                int i = slots.indexOf(judged);
                if (i >= 0 && slots.at(i) == viewedSlots.at(i)) { // else built again just above
                    probeViews[i] = probeView(slots.at(i), probeViews[i]);
                }
            }
        }
        viewedSlots = slots;
        viewedSpec = context.spec();
        judgedSinceView.clear();
        return FrozenList.adopt(probeViews);
    }

    /** The view of {@code p}; {@code before} is its previous view under the same spec, or null. */
    private SupervisorSnapshot.ProbeView probeView(ProbeSlot p, SupervisorSnapshot.ProbeView before) {
        Optional<ProbeReport> last = p.last();
        int threshold = Gates.threshold(context, p);
        // The target's text depends on its spec alone: the previous view's is reused when the spec is the same.
        String target = before != null && before.spec() == p.spec() ? before.target() : p.spec().target().describe();
        ProbeHistory history = histories.get(p.name());
        return new SupervisorSnapshot.ProbeView(p.name(), p.role(), target,
                last.map(r -> r.outcome().describe()), last.map(r -> SupervisorEvent.latencyMs(r.outcome())),
                last.map(ProbeReport::consecutiveFailures).orElse(0),
                last.map(ProbeReport::consecutiveSuccesses).orElse(0), p.failing(), p.active(),
                p.spec(), last.map(ProbeReport::outcome), Optional.ofNullable(probeJudgedAt.get(p.name())), threshold,
                history != null ? history.ticks() : List.of());
    }
}
