package dev.vigil.daemon;

import dev.vigil.alert.AlertDispatcher;
import dev.vigil.api.AlertTestOutcome;
import dev.vigil.api.AlertTestParams;
import dev.vigil.api.AlertTestResults;
import dev.vigil.api.ApiException;
import dev.vigil.api.InvalidParamsException;
import dev.vigil.api.CommandResult;
import dev.vigil.api.CommandResults;
import dev.vigil.api.DependencyGraph;
import dev.vigil.api.ConfigRejectedException;
import dev.vigil.api.ControlHandler;
import dev.vigil.api.EventList;
import dev.vigil.api.EventsQuery;
import dev.vigil.api.LogPage;
import dev.vigil.api.LogsQuery;
import dev.vigil.api.ReloadResult;
import dev.vigil.api.RpcErrors;
import dev.vigil.api.Selection;
import dev.vigil.api.ServiceDetail;
import dev.vigil.api.ServiceList;
import dev.vigil.api.ServiceName;
import dev.vigil.api.UnknownServiceException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.ConfigProblem;
import dev.vigil.config.LoadResult;
import dev.vigil.config.VigilConfig;
import dev.vigil.store.EventQuery;
import dev.vigil.store.StoreException;
import dev.vigil.store.StoreKeeper;
import dev.vigil.store.StoredEvent;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.Supervisor;
import dev.vigil.supervise.SupervisorEvent;
import dev.vigil.supervise.SupervisorSnapshot;
import dev.vigil.supervise.SupervisorSnapshot.ServiceView;
import dev.vigil.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The daemon's answers to the control API, on top of the supervisor. Commands wait for what the
 * user asked for (a stop returns once the service is down, a start once it is past STARTING) so
 * scripts can chain them; the wait is bounded and the answer says the state reached. A command
 * that a later, different command for the same service overtakes (a stop, then a start before the
 * stop finished) no longer has an outcome of its own: it is answered "superseded by start" at once
 * instead of waiting for a state that will not come.
 */
final class DaemonControl implements ControlHandler {
    /** How long a start may take to leave STARTING before the answer says "still starting". */
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    /** A stop waits for the service's own stop_timeout, then SIGKILL; this only bounds a stuck answer. */
    private static final Duration STOP_WAIT = Duration.ofMinutes(5);
    private static final int RECENT_EVENTS = 10;

    private final Supervisor supervisor;
    private final StoreKeeper history;
    private final LogJournal journal;
    private final Path configPath;
    private final Ticker ticker;
    private final ConfigLoader loader;
    /** Commands still waiting for their outcome, by service: a different later command supersedes them. */
    private final Map<String, List<Waiting>> waiting = new HashMap<>();

    /** A command waiting for its outcome: the service reaching {@code done}, or being superseded. */
    private record Waiting(String verb, CompletableFuture<Outcome> outcome) {}

    /** How a command's wait ended. */
    private sealed interface Outcome {
        /** The service reached a state the command waited for. */
        record Reached(StateKind state) implements Outcome {}

        /** A later command for the same service ({@code by}: "start", "stop", ...) took over. */
        record Superseded(String by) implements Outcome {}
    }

    private final Consumer<VigilConfig> reloaded;
    private final AlertDispatcher alerts;
    private final CgroupLimitViews limits;

    /**
     * @param reloaded told every config a reload applied (after the supervisor took it)
     * @param limits   what {@link #status} says of each process's cgroup limits
     */
    DaemonControl(Supervisor supervisor, StoreKeeper history, LogJournal journal, Path configPath, Ticker ticker,
                  ConfigLoader loader, AlertDispatcher alerts, Consumer<VigilConfig> reloaded, CgroupLimitViews limits) {
        this.limits = limits;
        this.alerts = alerts;
        this.supervisor = supervisor;
        this.history = history;
        this.journal = journal;
        this.configPath = configPath;
        this.ticker = ticker;
        this.loader = loader;
        this.reloaded = reloaded;
    }

    @Override
    public ServiceList list() {
        SupervisorSnapshot snapshot = supervisor.snapshot();
        var now = ticker.wallClock();
        return new ServiceList(snapshot.services().stream().sorted(Comparator.comparing(ServiceView::name))
                .map(s -> ApiViews.summary(s, now)).toList());
    }

    @Override
    public ServiceDetail status(ServiceName params) {
        ServiceView view = known(params.name());
        List<StoredEvent> recent = new ArrayList<>(recentOrNone(params.name()));
        java.util.Collections.reverse(recent);
        return ApiViews.detail(view, ticker.wallClock(), recent, limits.of(params.name()));
    }

    @Override
    public CommandResults start(Selection params) {
        return each(params, name -> command(name, "start", () -> supervisor.start(name), DaemonControl::settledAfterStart,
                START_WAIT, "started"));
    }

    @Override
    public CommandResults stop(Selection params) {
        List<String> names = selected(params);
        return new OrderedStops(supervisor, STOP_WAIT).stop(params, names, name -> command(name, "stop",
                () -> supervisor.stop(name), StateKind::quiescent, STOP_WAIT, "stopped"), this::watchStop);
    }

    @Override
    public CommandResults restart(Selection params) {
        List<CommandResult> results = new ArrayList<>();
        for (String name : selected(params)) {
            // restart_dependents: the dependents it stopped and started again, known once it answers.
            List<String> dependents = new java.util.concurrent.CopyOnWriteArrayList<>();
            results.add(command(name, "restart", () -> supervisor.restartWithDependents(name).thenApply(answer -> {
                dependents.addAll(answer.dependents());
                return answer.result();
            }), DaemonControl::settledAfterStart, STOP_WAIT.plus(START_WAIT), "restarted"));
            for (String dependent : dependents) {
                results.add(startedAgain(dependent, name));
            }
        }
        return new CommandResults(results);
    }

    /** Past its start: not on its way (starting, stopping, waiting for its dependencies). */
    private static boolean settledAfterStart(StateKind kind) {
        return kind != StateKind.STARTING && kind != StateKind.STOPPING && kind != StateKind.WAITING;
    }

    /**
     * The result of a dependent that a restart of {@code dependency} stopped and has already told to
     * start again: it waits for its conditions, then starts; answered once it is past that (bounded).
     */
    private CommandResult startedAgain(String dependent, String dependency) {
        CompletableFuture<Outcome> outcome = reached(dependent, DaemonControl::settledAfterStart);
        try {
            // Subscribed first, so a change after this look is not missed.
            boolean reached = await(supervisor.settledSnapshot(), Duration.ofSeconds(30), "restart " + dependent)
                    .service(dependent).map(v -> settledAfterStart(v.state())).orElse(false)
                    || completesWithin(outcome, START_WAIT, "restart " + dependent);
            ServiceView view = await(supervisor.settledSnapshot(), Duration.ofSeconds(30), "restart " + dependent)
                    .service(dependent).orElseThrow(() -> unknown(dependent));
            String verb = reached ? "restarted after " + dependency
                    : "not started again within " + START_WAIT.toSeconds() + "s after " + dependency;
            return new CommandResult(dependent, reached && view.state() != StateKind.FAILED, ApiViews.state(view.state()),
                    describe(verb, view));
        } finally {
            outcome.cancel(false); // unsubscribes
        }
    }

    /** True when {@code future} completes within {@code limit}, false when it does not. */
    private static boolean completesWithin(CompletableFuture<?> future, Duration limit, String what) {
        try {
            future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(RpcErrors.UNAVAILABLE, "interrupted: " + what, Map.of());
        } catch (ExecutionException e) {
            throw new ApiException(RpcErrors.UNAVAILABLE, what + " failed: " + e.getCause(), Map.of());
        }
    }

    @Override
    public CommandResults reset(Selection params) {
        return each(params, name -> command(name, "reset", () -> supervisor.reset(name), DaemonControl::settledAfterStart,
                START_WAIT, "reset"));
    }

    @Override
    public LogPage logs(LogsQuery params) {
        ServiceView view = known(params.name());
        if (params.process() != null && view.processes().stream().noneMatch(p -> p.name().equals(params.process()))) {
            throw new ApiException(RpcErrors.INVALID_PARAMS, "service '" + params.name() + "' has no process '"
                    + params.process() + "'", Map.of("known", view.processes().stream().map(p -> p.name()).toList()));
        }
        return journal.page(params.name(), params.process(), params.lines(), params.after());
    }

    @Override
    public EventList events(EventsQuery params) {
        EventQuery query = EventQuery.newest(params.limit());
        if (params.name() != null) {
            known(params.name());
            query = query.forService(params.name());
        }
        if (params.since() != null) {
            query = query.since(params.since());
        }
        List<StoredEvent> newestFirst = new ArrayList<>(storedEvents(query));
        java.util.Collections.reverse(newestFirst);
        return new EventList(newestFirst.stream().map(ApiViews::event).toList());
    }

    @Override
    public synchronized ReloadResult reload() {
        LoadResult loaded = loader.load(configPath);
        return switch (loaded) {
            case LoadResult.Invalid invalid ->
                    throw new ConfigRejectedException(invalid.problems().stream().map(ConfigProblem::toString).toList());
            case LoadResult.Valid valid -> {
                var applied = await(supervisor.apply(valid.config()), Duration.ofMinutes(5), "reload");
                applied.removed().forEach(journal::forget);
                reloaded.accept(valid.config());
                // A list right after this answer must show the new set.
                await(supervisor.settledSnapshot(), Duration.ofSeconds(30), "reload");
                yield new ReloadResult(sorted(applied.added()), sorted(applied.removed()), sorted(applied.changed()),
                        sorted(applied.unchanged()), sorted(applied.adopted()));
            }
        };
    }

    /** The history, or an answer that says why there is none (the store could not be opened: a full disk). */
    private List<StoredEvent> storedEvents(EventQuery query) {
        var store = history.store().orElseThrow(() -> new ApiException(RpcErrors.UNAVAILABLE,
                "the event history is not available: " + history.problem().orElse("not opened yet"), Map.of()));
        try {
            return store.events().query(query);
        } catch (StoreException e) {
            throw new ApiException(RpcErrors.UNAVAILABLE, "the event history is not available: " + e.getMessage(), Map.of());
        }
    }

    /** A status answers without its recent events rather than not at all. */
    private List<StoredEvent> recentOrNone(String service) {
        try {
            return storedEvents(EventQuery.newest(RECENT_EVENTS).forService(service));
        } catch (ApiException e) {
            return List.of();
        }
    }

    private CommandResults each(Selection selection, Function<String, CommandResult> action) {
        return new CommandResults(selected(selection).stream().map(action).toList());
    }

    private List<String> selected(Selection selection) {
        List<String> names = selection.all()
                ? supervisor.snapshot().services().stream().map(ServiceView::name).sorted().toList()
                : selection.names();
        names.forEach(this::known);   // every name checked before anything is done
        return names;
    }

    /**
     * Sends one command and waits for its outcome. {@code command} names it ("stop"); earlier
     * commands of another name still waiting on the same service are superseded by it.
     */
    private CommandResult command(String name, String command,
                                  Supplier<CompletableFuture<dev.vigil.supervise.CommandResult>> send,
                                  Predicate<StateKind> done, Duration limit, String verb) {
        CompletableFuture<Outcome> outcome = reached(name, done);
        Waiting self = new Waiting(command, outcome);
        supersede(name, self);
        try {
            // A restart with restart_dependents is answered once its dependents have stopped: allow it the command's bound.
            switch (await(send.get(), limit, verb + " " + name)) {
                case dev.vigil.supervise.CommandResult.UnknownService u -> throw unknown(u.name());
                case dev.vigil.supervise.CommandResult.Applied applied -> {
                    if (done.test(applied.after())) {
                        outcome.complete(new Outcome.Reached(applied.after()));
                    }
                }
            }
            Outcome ended;
            try {
                ended = outcome.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                ended = new Outcome.Reached(supervisor.snapshot().service(name).map(ServiceView::state)
                        .orElse(StateKind.STOPPED));
            }
            // The state was seen in an event, published before the snapshot that shows it: wait for that one.
            ServiceView view = await(supervisor.settledSnapshot(), Duration.ofSeconds(30), verb + " " + name)
                    .service(name).orElseThrow(() -> unknown(name));
            return switch (ended) {
                case Outcome.Superseded superseded -> new CommandResult(name, false, ApiViews.state(view.state()),
                        command + " superseded by " + superseded.by() + ", now " + view.label());
                case Outcome.Reached reached -> new CommandResult(name, succeeded(command, reached.state()),
                        ApiViews.state(view.state()), describe(verb, view));
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(RpcErrors.UNAVAILABLE, "interrupted while waiting for " + name, Map.of());
        } catch (ExecutionException e) {
            throw new ApiException(RpcErrors.UNAVAILABLE, verb + " " + name + " failed: " + e.getCause(), Map.of());
        } finally {
            outcome.cancel(false); // unsubscribes, if nothing completed it
            forget(name, self);
        }
    }

    /** A stop of {@code name} among several: registered like one, so a later different command supersedes it. */
    private OrderedStops.Watch watchStop(String name) {
        Waiting self = new Waiting("stop", new CompletableFuture<>());
        supersede(name, self);
        return new OrderedStops.Watch(self.outcome().thenApply(o -> o instanceof Outcome.Superseded s ? s.by() : null),
                () -> forget(name, self));
    }

    private void forget(String name, Waiting self) {
        synchronized (waiting) {
            List<Waiting> list = waiting.get(name);
            if (list != null && list.remove(self) && list.isEmpty()) {
                waiting.remove(name);
            }
        }
    }

    /** A stop succeeded when nothing runs; any other command unless the service ended FAILED. */
    private static boolean succeeded(String command, StateKind state) {
        return command.equals("stop") ? state.quiescent() : state != StateKind.FAILED;
    }

    /**
     * Registers {@code next} and answers every earlier waiting command of another name on
     * {@code service} as superseded: a stop overtaken by a start would otherwise wait for a STOPPED
     * that never comes (the service goes from STOPPING straight to STARTING).
     */
    private void supersede(String service, Waiting next) {
        List<Waiting> overtaken = new ArrayList<>();
        synchronized (waiting) {
            List<Waiting> list = waiting.computeIfAbsent(service, k -> new ArrayList<>());
            list.removeIf(w -> {
                boolean other = !w.verb().equals(next.verb());
                if (other) {
                    overtaken.add(w);
                }
                return other;
            });
            list.add(next);
        }
        overtaken.forEach(w -> w.outcome().complete(new Outcome.Superseded(next.verb())));
    }

    /** Completes once the service's state satisfies {@code done} (checked after subscribing, so nothing is missed). */
    private CompletableFuture<Outcome> reached(String name, Predicate<StateKind> done) {
        CompletableFuture<Outcome> reached = new CompletableFuture<>();
        AutoCloseable subscription = supervisor.subscribe(event -> {
            if (event instanceof SupervisorEvent.ServiceStateChanged changed && changed.service().equals(name)
                    && done.test(changed.to())) {
                reached.complete(new Outcome.Reached(changed.to()));
            }
        });
        reached.whenComplete((state, error) -> close(subscription));
        return reached;
    }

    static String describe(String verb, ServiceView view) {
        String pids = view.processes().stream().filter(p -> p.alive() && p.pid() > 0).map(p -> String.valueOf(p.pid()))
                .reduce((a, b) -> a + ", " + b).map(p -> " (pid " + p + ")").orElse("");
        String reason = view.reason() == null || view.reason().isEmpty() ? "" : ": " + view.reason();
        return verb + ", now " + view.label() + pids + reason;
    }

    private ServiceView known(String name) {
        return supervisor.snapshot().service(name).orElseThrow(() -> unknown(name));
    }

    private UnknownServiceException unknown(String name) {
        return new UnknownServiceException(name, supervisor.snapshot().services().stream().map(ServiceView::name).toList());
    }

    private static <T> T await(CompletableFuture<T> future, Duration limit, String what) {
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(RpcErrors.UNAVAILABLE, "interrupted: " + what, Map.of());
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(RpcErrors.UNAVAILABLE, what + " did not complete: " + e, Map.of());
        }
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Unsubscribing cannot fail in a way the caller could act on.
        }
    }

    @Override
    public dev.vigil.api.ProbeRounds probeRounds(dev.vigil.api.ProbeRoundsQuery params) {
        return ProbeRoundsView.after(supervisor.snapshot(), params.after());
    }

    @Override
    public dev.vigil.api.ProbeNowResult probeNow(dev.vigil.api.ProbeNowParams params) {
        return new ProbeNow(supervisor).run(known(params.name()), params.probe());
    }

    @Override
    public DependencyGraph graph() {
        List<dev.vigil.supervise.DependencyLink> links = await(supervisor.dependencyLinks(), Duration.ofSeconds(30), "graph");
        SupervisorSnapshot snapshot = await(supervisor.settledSnapshot(), Duration.ofSeconds(30), "graph");
        return ApiViews.graph(snapshot, links);
    }

    @Override
    public AlertTestResults notifyTest(AlertTestParams params) {
        try {
            return new AlertTestResults(alerts.test(java.util.Optional.ofNullable(params.target())).stream()
                    .map(o -> new AlertTestOutcome(o.target(), o.transport(), o.ok(), o.detail())).toList());
        } catch (IllegalArgumentException e) {
            throw new InvalidParamsException("target", e.getMessage());
        }
    }
}
