package dev.vigil.supervise;

import java.util.Map;
import java.util.Optional;

/**
 * The pure transition function of one service: {@code (state, event, now) -> (state, effects)}.
 *
 * <p>No clock reads, no I/O, no threads: time comes in as {@code nowNanos}, randomness as the
 * injected {@link Jitter}, and everything else as the immutable {@link ServiceContext}. Every
 * (state, event) pair has a decision, often a nop; docs/STATES.md has the table. The rules live by
 * concern in {@link Lifecycle} (commands, start, stop), {@link Exits} (exits and the restart
 * policy), {@link Timers}, {@link ProbeRules}, {@link NotifyRules}, {@link Remedy} (probe and
 * watchdog restarts) and {@link Gates} (start gating and the RUNNING/DEGRADED verdict), {@link DependencyRules} (start order).
 */
final class Transitions {
    private final ServiceContext context;
    private final Jitter jitter;
    private final Map<String, DependencyFacts> dependencies;

    /** For a service without dependencies (or when none of them holds anything yet). */
    Transitions(ServiceContext context, Jitter jitter) {
        this(context, jitter, Map.of());
    }

    /** {@code dependencies}: what holds in each service that {@code context}'s service depends on. */
    Transitions(ServiceContext context, Jitter jitter, Map<String, DependencyFacts> dependencies) {
        this.context = context;
        this.jitter = jitter;
        this.dependencies = dependencies;
    }

    Decision next(ServiceState state, Event event, long nowNanos) {
        Step step = new Step(context, state, nowNanos, jitter, dependencies);
        switch (event) {
            case Event.Command command -> Lifecycle.command(step, command);
            case Event.ProcessStarted started -> Lifecycle.started(step, started);
            case Event.SpawnFailed failed ->
                    Exits.exited(step, failed.process(), failed.instance(), Optional.empty(), failed.reason());
            case Event.ProcessExited exited ->
                    Exits.exited(step, exited.process(), exited.instance(), Optional.of(exited.status()), null);
            case Event.Swept swept -> Exits.swept(step, swept.process(), swept.instance());
            case Event.TimerFired fired -> Timers.fired(step, fired.key());
            case Event.Probe probe -> ProbeRules.report(step, probe.report());
            case Event.Notify notify -> NotifyRules.datagram(step, notify);
            case Event.DependencyChanged changed -> DependencyRules.recheck(step);
        }
        return step.decision();
    }
}
