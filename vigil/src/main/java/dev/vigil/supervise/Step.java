package dev.vigil.supervise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The working state of one call of {@link Transitions#next}: the rules read and replace
 * {@link #ctx} and {@link #state} and append effects in order. Lives for one call on one thread;
 * what leaves it is the immutable {@link Decision}.
 */
final class Step {
    final long now;
    final Jitter jitter;
    /** What holds in each service this one depends on, by name (absent = nothing holds). */
    private final Map<String, DependencyFacts> dependencies;
    ServiceContext ctx;
    ServiceState state;
    private final List<Effect> effects = new ArrayList<>();

    Step(ServiceContext ctx, ServiceState state, long now, Jitter jitter, Map<String, DependencyFacts> dependencies) {
        this.ctx = ctx;
        this.state = state;
        this.now = now;
        this.jitter = jitter;
        this.dependencies = dependencies;
    }

    DependencyFacts dependency(String service) {
        return dependencies.getOrDefault(service, DependencyFacts.ABSENT);
    }

    String service() {
        return ctx.spec().name();
    }

    /** True in the states where processes are meant to run: starting, running, degraded. */
    boolean up() {
        return state instanceof ServiceState.Starting || state instanceof ServiceState.Running
                || state instanceof ServiceState.Degraded;
    }

    void effect(Effect effect) {
        effects.add(effect);
    }

    void emit(SupervisorEvent event) {
        effects.add(new Effect.Emit(event));
    }

    void schedule(TimerKey key, long atNanos) {
        effects.add(new Effect.Schedule(key, atNanos));
    }

    void cancel(TimerKey key) {
        effects.add(new Effect.Cancel(key));
    }

    /** Moves to {@code next}; a change of kind is announced with a service_state_changed event. */
    void moveTo(ServiceState next) {
        if (next.kind() != state.kind()) {
            emit(new SupervisorEvent.ServiceStateChanged(service(), state.kind(), next.kind(), next.reason()));
        }
        state = next;
    }

    void process(ProcessSlot slot) {
        ctx = ctx.withProcess(slot);
    }

    void probe(ProbeSlot slot) {
        ctx = ctx.withProbe(slot);
    }

    Decision decision() {
        return new Decision(state, ctx, effects);
    }
}
