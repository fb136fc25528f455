package dev.vigil.daemon;

import dev.vigil.api.ApiException;
import dev.vigil.api.CommandResult;
import dev.vigil.api.CommandResults;
import dev.vigil.api.RpcErrors;
import dev.vigil.api.Selection;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.Supervisor;
import dev.vigil.supervise.SupervisorSnapshot;
import dev.vigil.supervise.SupervisorSnapshot.ServiceView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@code vigil stop} with dependencies: a service with running (or waiting) dependents is not stopped unless
 * they are stopped too ({@code --with-dependents}, or all of them named); several services stop
 * dependents first ({@link Supervisor#stopInOrder}). One service with nothing depending on it takes
 * the ordinary single-service path; with several, each member's stop is registered like a single
 * one, so a later start of it is answered "stop superseded by start" as well.
 */
final class OrderedStops {
    private static final Duration ASK = Duration.ofSeconds(30);

    private final Supervisor supervisor;
    private final Duration stopWait;

    OrderedStops(Supervisor supervisor, Duration stopWait) {
        this.supervisor = supervisor;
        this.stopWait = stopWait;
    }

    /**
     * A stop of one member that a later, different command for it can overtake: {@code by}
     * completes with that command's name ("start"); {@code close} forgets the stop once answered.
     */
    record Watch(CompletableFuture<String> by, Runnable close) {}

    /**
     * {@code names}: the selection, each known; {@code single}: the ordinary stop of one service;
     * {@code watch}: registers the stop of each member of several, so a later command supersedes it.
     */
    CommandResults stop(Selection params, List<String> names, Function<String, CommandResult> single,
                        Function<String, Watch> watch) {
        boolean with = params.withDependents();
        List<CommandResult> results = new ArrayList<>();
        Set<String> members = new LinkedHashSet<>();
        for (String name : names) {
            List<String> running = ask(supervisor.dependents(name, true)).stream().filter(d -> !names.contains(d)).toList();
            // Already stopped: nothing to refuse, the stop changes nothing for its dependents.
            boolean stopped = supervisor.snapshot().service(name).map(v -> v.state() == StateKind.STOPPED).orElse(false);
            if (!with && !running.isEmpty() && !stopped) {
                results.add(refusal(name, running));
                continue;
            }
            if (with) {
                // Farthest first, so the answer lists them roughly in the order they stop.
                ask(supervisor.dependents(name, false)).reversed().forEach(members::add);
            }
            members.add(name);
        }
        if (members.size() == 1 && !params.all()) {
            results.add(single.apply(members.iterator().next()));
        } else if (!members.isEmpty()) {
            Map<String, Watch> watches = new java.util.LinkedHashMap<>();
            members.forEach(m -> watches.put(m, watch.apply(m)));
            try {
                waitForStops(supervisor.stopInOrder(members));
                Map<String, ServiceView> views = new java.util.HashMap<>();
                ask(supervisor.settledSnapshot()).services().forEach(v -> views.put(v.name(), v));
                for (String m : members) {
                    ServiceView view = views.get(m);
                    if (view != null) {
                        results.add(result(m, view, watches.get(m).by().getNow(null)));
                    }
                }
            } finally {
                watches.values().forEach(w -> w.close().run());
            }
        }
        return new CommandResults(results);
    }

    /** {@code supersededBy}: the later command that overtook this stop, or null. */
    private static CommandResult result(String name, ServiceView view, String supersededBy) {
        if (supersededBy != null) {
            return new CommandResult(name, false, ApiViews.state(view.state()),
                    "stop superseded by " + supersededBy + ", now " + view.label());
        }
        return new CommandResult(name, view.state().quiescent(), ApiViews.state(view.state()),
                DaemonControl.describe("stopped", view));
    }

    /** {@code active}: the dependents running or waiting (for this service, or another one). */
    private CommandResult refusal(String name, List<String> active) {
        SupervisorSnapshot snapshot = supervisor.snapshot();
        ServiceView view = snapshot.service(name).orElseThrow();
        boolean waiting = active.stream().anyMatch(d -> snapshot.service(d).map(v -> v.state() == StateKind.WAITING)
                .orElse(false));
        boolean one = active.size() == 1;
        String who = String.join(", ", active);
        return new CommandResult(name, false, ApiViews.state(view.state()), "not stopped: " + who
                + (one ? " depends" : " depend") + " on it and " + (one ? "is" : "are")
                + (waiting ? " running or waiting" : " running") + "; stop " + (one ? "it" : "them")
                + " first, or use vigil stop --with-dependents " + name, active);
    }

    /** A stop that takes longer than the bound is answered with the states as they are. */
    private void waitForStops(CompletableFuture<Void> stopped) {
        try {
            stopped.get(stopWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // answered below with each service's state now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(RpcErrors.UNAVAILABLE, "interrupted while stopping", Map.of());
        } catch (ExecutionException e) {
            throw new ApiException(RpcErrors.UNAVAILABLE, "stop failed: " + e.getCause(), Map.of());
        }
    }

    private static <T> T ask(CompletableFuture<T> future) {
        try {
            return future.get(ASK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(RpcErrors.UNAVAILABLE, "interrupted while stopping", Map.of());
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(RpcErrors.UNAVAILABLE, "the supervisor did not answer: " + e, Map.of());
        }
    }
}
