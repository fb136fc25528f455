package dev.vigil.supervise;

import dev.vigil.config.Dependency;
import dev.vigil.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Start order: a service whose {@code depends_on} conditions do not all hold waits in WAITING
 * instead of spawning, checks again whenever a dependency changes ({@link Event.DependencyChanged}),
 * and fails when they still do not hold at its start_timeout. What holds in each dependency is the
 * step's input ({@link Step#dependencies}), so these rules stay pure.
 */
final class DependencyRules {
    static final String WAITING_FOR = "waiting for ";

    private DependencyRules() {
    }

    /** The conditions that do not hold now, in the order of {@code depends_on}. */
    static List<Dependency> unmet(Step s) {
        return s.ctx.spec().dependencies().dependsOn().stream()
                .filter(d -> !s.dependency(d.service()).holds(d.condition())).toList();
    }

    /** "waiting for db: ready, migrate: completed". */
    static String waitingReason(List<Dependency> unmet) {
        return WAITING_FOR + unmet.stream().map(Dependency::toString).collect(Collectors.joining(", "));
    }

    /** Starts the service now, or waits (bounded by its start_timeout) when a condition does not hold. */
    static void startOrWait(Step s) {
        List<Dependency> unmet = unmet(s);
        if (unmet.isEmpty()) {
            Lifecycle.spawnAll(s);
            return;
        }
        long deadline = s.now + startTimeout(s).toNanos();
        s.moveTo(new ServiceState.Waiting(deadline, waitingReason(unmet)));
        s.schedule(new TimerKey.DependencyDeadline(), deadline);
    }

    /** A waiting service looks again: starts when everything holds, else keeps waiting with a fresh reason. */
    static void recheck(Step s) {
        if (!(s.state instanceof ServiceState.Waiting waiting)) {
            return;
        }
        List<Dependency> unmet = unmet(s);
        if (unmet.isEmpty()) {
            s.cancel(new TimerKey.DependencyDeadline());
            Lifecycle.spawnAll(s);
            return;
        }
        String reason = waitingReason(unmet);
        if (!reason.equals(waiting.reason())) {
            s.moveTo(new ServiceState.Waiting(waiting.deadlineNanos(), reason));
        }
    }

    /** start_timeout passed while waiting: FAILED, saying which dependency did not reach which condition. */
    static void deadline(Step s) {
        if (!(s.state instanceof ServiceState.Waiting)) {
            return;
        }
        List<Dependency> unmet = unmet(s);
        if (unmet.isEmpty()) {
            Lifecycle.spawnAll(s); // everything holds at the very deadline: start rather than fail
            return;
        }
        String reason = "dependency " + unmet.stream().map(d -> d.service() + " did not reach " + d.condition().word())
                .collect(Collectors.joining(", ")) + " within start_timeout " + Durations.human(startTimeout(s));
        s.emit(new SupervisorEvent.StartTimedOut(s.service(), null, reason));
        Exits.failWith(s, reason);
    }

    /** The wait is bounded like a start: by the longest start_timeout of the service's processes. */
    private static Duration startTimeout(Step s) {
        return s.ctx.spec().processes().stream().map(p -> p.startTimeout()).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
