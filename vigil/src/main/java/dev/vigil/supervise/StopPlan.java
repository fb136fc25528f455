package dev.vigil.supervise;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Stops a set of services dependents first (reverse start order): a member is told to stop once
 * every member that depends on it has stopped; members that do not depend on one another stop side
 * by side. Decisions are pure ({@link #stoppableNow}); the shell delivers the stops and calls
 * {@link #finished} after every message. {@code then} runs on the supervisor's thread once every
 * member has stopped, before {@link #done} completes.
 */
final class StopPlan {
    private final Set<String> members;
    private final Set<String> sent = new HashSet<>();
    /**
     * Members seen STOPPED (or gone, or started again) after they were told to stop. Once seen, a
     * member counts as stopped even if something starts it again: a plan always ends, and a
     * dependency is never held back by a dependent an operator has just started.
     */
    private final Set<String> seenDown = new HashSet<>();
    private final Runnable then;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    StopPlan(Collection<String> members, Runnable then) {
        this.members = new LinkedHashSet<>(members);
        this.then = then;
    }

    /**
     * The members that may be told to stop now, and are counted as told: not told yet, and every
     * member that depends on them has been told and is STOPPED (or gone).
     *
     * @param dependents the services that depend directly on each service
     * @param kind       each service's state now; null when it is gone
     */
    List<String> stoppableNow(Map<String, List<String>> dependents, Function<String, StateKind> kind) {
        see(kind);
        List<String> now = new ArrayList<>();
        for (String m : members) {
            if (sent.contains(m)) {
                continue;
            }
            boolean clear = dependents.getOrDefault(m, List.of()).stream().filter(members::contains)
                    .allMatch(seenDown::contains);
            if (clear) {
                now.add(m);
            }
        }
        sent.addAll(now);
        return now;
    }

    /** True once every member was told to stop and was then seen STOPPED (or gone); runs {@code then} the first time. */
    boolean finished(Function<String, StateKind> kind) {
        see(kind);
        if (done.isDone() || !seenDown.containsAll(members)) {
            return done.isDone();
        }
        then.run();
        done.complete(null);
        return true;
    }

    private void see(Function<String, StateKind> kind) {
        for (String m : sent) {
            if (isDown(kind.apply(m))) {
                seenDown.add(m);
            }
        }
    }

    /**
     * Stopped or gone, or started again: right after its stop a member is STOPPING or STOPPED, so
     * one seen on its way up (or up) was started by a later command, and will not be seen STOPPED
     * (a start during STOPPING goes straight to STARTING). Counting it keeps the plan from waiting
     * for ever.
     */
    private static boolean isDown(StateKind kind) {
        return kind == null || kind == StateKind.STOPPED || kind == StateKind.STARTING || kind == StateKind.RUNNING
                || kind == StateKind.DEGRADED || kind == StateKind.WAITING;
    }

    /**
     * Every service that depends on {@code service}, directly or through others, nearest first;
     * {@code dependents} as for {@link #stoppableNow}.
     */
    static List<String> dependentsOf(String service, Map<String, List<String>> dependents) {
        Set<String> found = new LinkedHashSet<>();
        List<String> queue = new ArrayList<>(dependents.getOrDefault(service, List.of()));
        for (int i = 0; i < queue.size(); i++) {
            String d = queue.get(i);
            if (!d.equals(service) && found.add(d)) {
                queue.addAll(dependents.getOrDefault(d, List.of()));
            }
        }
        return List.copyOf(found);
    }
}
