package dev.vigil.supervise;

import dev.vigil.config.ServiceSpec;
import dev.vigil.notify.NotifyEndpoint;
import dev.vigil.probe.ProbeReport;
import dev.vigil.process.RunningProcess;
import java.time.Instant;
import java.util.Collection;
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
    /** Probes judged since the view was built: their views are rebuilt even if their slot is the same. */
    private final Set<String> judgedSinceView = new HashSet<>();
    /** When each process last exited (wall clock). */
    final Map<String, Instant> exitedAt = new HashMap<>();
    /** The last restart the core decided on its own, for people. */
    Optional<SupervisorSnapshot.RestartView> lastRestart = Optional.empty();
    /** The view as of the last change; null = to be rebuilt. */
    private SupervisorSnapshot.ServiceView view;
    /**
     * The probe slots the last view was built from and their views, in the context's order: a
     * report replaces one slot, so only that probe's view is built again, not every probe's.
     */
    private ProbeSlot[] viewedSlots = new ProbeSlot[0];
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

    /** Records when a report of {@code probe} was judged; call before delivering it. */
    void judged(String probe, Instant at) {
        probeJudgedAt.put(probe, at);
        judgedSinceView.add(probe);
    }

    /** Remembers a restart the core announced ({@code restart_triggered} or {@code restart_scheduled}). */
    void restarted(SupervisorEvent event, Instant at) {
        if (event instanceof SupervisorEvent.RestartTriggered triggered) {
            lastRestart = Optional.of(new SupervisorSnapshot.RestartView(at, triggered.reason()));
        } else if (event instanceof SupervisorEvent.RestartScheduled scheduled) {
            lastRestart = Optional.of(new SupervisorSnapshot.RestartView(at, scheduled.reason()));
        }
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
        List<SupervisorSnapshot.ProcessView> processes = context.processes().values().stream().map(slot -> {
            Handle h = handles.get(slot.name());
            boolean current = h != null && h.instance() == slot.instance() && slot.pid() != 0;
            return new SupervisorSnapshot.ProcessView(slot.name(), slot.pid(), slot.pgid(),
                    current ? Optional.of(h.startedAt()) : Optional.empty(), slot.lastExit(), slot.alive(),
                    slot.instance(), slot.status(), Optional.ofNullable(exitedAt.get(slot.name())));
        }).toList();
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
        return new SupervisorSnapshot.ServiceView(name, state.kind(), state.reason(), since, processes,
                context.restarts(), nextRetry, probes, lastRestart);
    }

    /** Every probe's view, reusing those whose slot (same object), judging time and threshold are unchanged. */
    private List<SupervisorSnapshot.ProbeView> probeViews() {
        Collection<ProbeSlot> slots = context.probes().values();
        ProbeSlot[] nextSlots = new ProbeSlot[slots.size()];
        SupervisorSnapshot.ProbeView[] nextViews = new SupervisorSnapshot.ProbeView[slots.size()];
        int i = 0;
        for (ProbeSlot p : slots) {
            int threshold = Gates.threshold(context, p);
            boolean same = i < viewedSlots.length && viewedSlots[i] == p && probeViews[i].threshold() == threshold
                    && !judgedSinceView.contains(p.name());
            nextSlots[i] = p;
            nextViews[i] = same ? probeViews[i] : probeView(p, threshold);
            i++;
        }
        viewedSlots = nextSlots;
        probeViews = nextViews;
        judgedSinceView.clear();
        return List.of(nextViews);
    }

    private SupervisorSnapshot.ProbeView probeView(ProbeSlot p, int threshold) {
        Optional<ProbeReport> last = p.last();
        return new SupervisorSnapshot.ProbeView(p.name(), p.role(), p.spec().target().describe(),
                last.map(r -> r.outcome().describe()), last.map(r -> SupervisorEvent.latencyMs(r.outcome())),
                last.map(ProbeReport::consecutiveFailures).orElse(0),
                last.map(ProbeReport::consecutiveSuccesses).orElse(0), p.failing(), p.active(),
                p.spec(), last.map(ProbeReport::outcome), Optional.ofNullable(probeJudgedAt.get(p.name())), threshold);
    }
}
