package dev.vigil.supervise;

import dev.vigil.config.ServiceSpec;
import dev.vigil.notify.NotifyEndpoint;
import dev.vigil.probe.ProbeReport;
import dev.vigil.process.RunningProcess;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

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
    final Map<String, Handle> handles = new HashMap<>();
    final Map<TimerKey, Timer> timers = new HashMap<>();
    /** When each probe's last report was judged (wall clock), for people reading status. */
    final Map<String, Instant> probeJudgedAt = new HashMap<>();
    /** When each process last exited (wall clock). */
    final Map<String, Instant> exitedAt = new HashMap<>();

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

    void cancelTimers() {
        timers.values().forEach(t -> t.cancellable.cancel());
        timers.clear();
    }

    /** The public view; {@code nanoNow}/{@code wallNow} convert monotonic deadlines to wall-clock times. */
    SupervisorSnapshot.ServiceView view(long nanoNow, Instant wallNow) {
        List<SupervisorSnapshot.ProcessView> processes = context.processes().values().stream().map(slot -> {
            Handle h = handles.get(slot.name());
            boolean current = h != null && h.instance() == slot.instance() && slot.pid() != 0;
            return new SupervisorSnapshot.ProcessView(slot.name(), slot.pid(), slot.pgid(),
                    current ? Optional.of(h.startedAt()) : Optional.empty(), slot.lastExit(), slot.alive(),
                    slot.instance(), slot.status(), Optional.ofNullable(exitedAt.get(slot.name())));
        }).toList();
        List<SupervisorSnapshot.ProbeView> probes = context.probes().values().stream().map(p -> {
            Optional<ProbeReport> last = p.last();
            return new SupervisorSnapshot.ProbeView(p.name(), p.role(), p.spec().target().describe(),
                    last.map(r -> r.outcome().describe()),
                    last.map(r -> SupervisorEvent.latencyMs(r.outcome())),
                    last.map(ProbeReport::consecutiveFailures).orElse(0),
                    last.map(ProbeReport::consecutiveSuccesses).orElse(0), p.failing(), p.active(),
                    p.spec(), last.map(ProbeReport::outcome), Optional.ofNullable(probeJudgedAt.get(p.name())),
                    Gates.threshold(context, p));
        }).toList();
        OptionalLong retryAt = switch (state) {
            case ServiceState.Backoff b -> OptionalLong.of(b.untilNanos());
            case ServiceState.Failed f -> f.retryAtNanos();
            case ServiceState.Stopped s -> OptionalLong.empty();
            case ServiceState.Starting s -> OptionalLong.empty();
            case ServiceState.Running s -> OptionalLong.empty();
            case ServiceState.Degraded s -> OptionalLong.empty();
            case ServiceState.Stopping s -> OptionalLong.empty();
        };
        Optional<Instant> nextRetry = retryAt.isPresent()
                ? Optional.of(wallNow.plusNanos(retryAt.getAsLong() - nanoNow)) : Optional.empty();
        return new SupervisorSnapshot.ServiceView(name, state.kind(), state.reason(), since, processes,
                context.restarts(), nextRetry, probes);
    }
}
