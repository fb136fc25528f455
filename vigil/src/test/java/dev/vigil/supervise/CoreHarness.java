package dev.vigil.supervise;

import dev.vigil.config.DaemonSettings;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ServiceSpec;
import dev.vigil.notify.NotifyDatagram;
import dev.vigil.notify.NotifyMessage;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.ProbeReport;
import dev.vigil.process.ExitStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Drives the pure core by hand: a fake clock, fixed jitter, and the effects of the last step. */
final class CoreHarness {
    static final long SECOND = 1_000_000_000L;

    ServiceContext ctx;
    ServiceState state = ServiceState.Stopped.INITIAL;
    long now = 1_000 * SECOND;
    Jitter jitter = Jitter.fixed(0);
    Decision last;
    /** What holds in the services this one depends on: tests set it as the shell would. */
    final Map<String, DependencyFacts> dependencies = new HashMap<>();
    private long nextPid = 100;

    CoreHarness(ServiceSpec spec) {
        this(spec, DaemonSettings.defaults());
    }

    CoreHarness(ServiceSpec spec, DaemonSettings settings) {
        ctx = ServiceContext.initial(spec, RestartBudget.of(settings));
    }

    Decision apply(Event event) {
        last = new Transitions(ctx, jitter, Map.copyOf(dependencies)).next(state, event, now);
        ctx = last.context();
        state = last.state();
        return last;
    }

    void advance(Duration d) {
        now += d.toNanos();
    }

    StateKind kind() {
        return state.kind();
    }

    long instance(String process) {
        return ctx.process(process).instance();
    }

    Decision start() {
        return apply(new Event.Start());
    }

    Decision started(String process) {
        long pid = nextPid++;
        return apply(new Event.ProcessStarted(process, instance(process), pid, pid));
    }

    /** Start, and report every process started. */
    CoreHarness running() {
        start();
        ctx.processes().keySet().forEach(this::started);
        return this;
    }

    /** The process exits with {@code code}, and the sweep of what it left finds nothing running. */
    Decision exit(String process, int code) {
        return exitAndSweep(process, new ExitStatus.Exited(code));
    }

    /** The process is killed by {@code signal}, and the sweep of what it left finds nothing running. */
    Decision killedBy(String process, int signal) {
        return exitAndSweep(process, new ExitStatus.Signaled(signal));
    }

    /**
     * The exit, then (when the exit left the process sweeping) the shell's {@link Event.Swept}: one
     * decision with both steps' effects, as a test of the exit sees it.
     */
    private Decision exitAndSweep(String process, ExitStatus status) {
        long instance = instance(process);
        Decision exited = apply(new Event.ProcessExited(process, instance, status));
        if (!(ctx.process(process).phase() instanceof ProcessSlot.Sweeping)) {
            return exited;
        }
        Decision swept = apply(new Event.Swept(process, instance));
        List<Effect> effects = new ArrayList<>(exited.effects());
        effects.addAll(swept.effects());
        last = new Decision(swept.state(), swept.context(), effects);
        return last;
    }

    Decision fire(TimerKey key) {
        return apply(new Event.TimerFired(key));
    }

    /** Fires the timer the last decision scheduled with a key of {@code type}, after moving the clock to it. */
    Decision fireScheduled(Class<? extends TimerKey> type) {
        Effect.Schedule schedule = effects(Effect.Schedule.class).stream().filter(e -> type.isInstance(e.key()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + last.effects()));
        now = Math.max(now, schedule.atNanos());
        return fire(schedule.key());
    }

    Decision probe(String name, ProbeOutcome outcome, int failures, int successes, boolean failing, boolean changed) {
        ProbeSlot slot = ctx.probes().get(name);
        ProbeReport r = new ProbeReport(ctx.spec().name(), name, slot.role(), slot.spec().process(), slot.instance(),
                outcome, failures, successes, failing, changed);
        return apply(new Event.Probe(r));
    }

    Decision probeFails(String name, int consecutive) {
        int threshold = ctx.probes().get(name).spec().failures();
        return probe(name, new ProbeOutcome.Unhealthy("connect refused", Duration.ofMillis(3)), consecutive, 0,
                consecutive >= threshold, consecutive == threshold);
    }

    Decision probePasses(String name, boolean changed) {
        return probe(name, new ProbeOutcome.Healthy(Duration.ofMillis(2), "200 OK"), 0, 1, false, changed);
    }

    Decision notify(String process, NotifyMessage... messages) {
        return apply(new Event.Notify(process, instance(process),
                new NotifyDatagram(ctx.spec().name(), process, 1, 0, List.of(messages))));
    }

    <T extends Effect> List<T> effects(Class<T> type) {
        return last.effects().stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<SupervisorEvent> events() {
        return effects(Effect.Emit.class).stream().map(Effect.Emit::event).toList();
    }

    <T extends SupervisorEvent> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    boolean scheduled(Class<? extends TimerKey> type) {
        return effects(Effect.Schedule.class).stream().anyMatch(e -> type.isInstance(e.key()));
    }

    /** Crashes the running service and restarts it after backoff until it is FAILED. */
    CoreHarness crashUntilFailed(String process) {
        List<StateKind> seen = new ArrayList<>();
        for (int i = 0; i < 100 && state.kind() != StateKind.FAILED; i++) {
            exit(process, 1);
            seen.add(kind());
            if (kind() == StateKind.BACKOFF) {
                fireScheduled(TimerKey.BackoffEnd.class);
                started(process);
            }
        }
        if (kind() != StateKind.FAILED) {
            throw new AssertionError("never failed: " + seen);
        }
        return this;
    }

    Optional<ProbeSlot> probeSlot(String name) {
        return Optional.ofNullable(ctx.probes().get(name));
    }

    static ProbeRole role(String r) {
        return ProbeRole.valueOf(r);
    }
}
