package dev.vigil.daemon;

import dev.vigil.api.ApiException;
import dev.vigil.api.CommandResult;
import dev.vigil.api.CommandResults;
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
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStore;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The daemon's answers to the control API, on top of the supervisor. Commands wait for what the
 * user asked for (a stop returns once the service is down, a start once it is past STARTING) so
 * scripts can chain them; the wait is bounded and the answer says the state reached.
 */
final class DaemonControl implements ControlHandler {
    /** How long a start may take to leave STARTING before the answer says "still starting". */
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    /** A stop waits for the service's own stop_timeout, then SIGKILL; this only bounds a stuck answer. */
    private static final Duration STOP_WAIT = Duration.ofMinutes(5);
    private static final int RECENT_EVENTS = 10;

    private final Supervisor supervisor;
    private final EventStore events;
    private final LogJournal journal;
    private final Path configPath;
    private final Ticker ticker;
    private final ConfigLoader loader;
    /** Hears every config a reload applied (vigil run keeps its critical services from it). */
    private volatile java.util.function.Consumer<dev.vigil.config.VigilConfig> applied = config -> { };

    DaemonControl(Supervisor supervisor, EventStore events, LogJournal journal, Path configPath, Ticker ticker,
                  ConfigLoader loader) {
        this.supervisor = supervisor;
        this.events = events;
        this.journal = journal;
        this.configPath = configPath;
        this.ticker = ticker;
        this.loader = loader;
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
        List<StoredEvent> recent = new ArrayList<>(events.query(EventQuery.newest(RECENT_EVENTS).forService(params.name())));
        java.util.Collections.reverse(recent);
        return ApiViews.detail(view, ticker.wallClock(), recent);
    }

    @Override
    public CommandResults start(Selection params) {
        return each(params, name -> command(name, supervisor.start(name), kind -> kind != StateKind.STARTING
                && kind != StateKind.STOPPING, START_WAIT, "started"));
    }

    @Override
    public CommandResults stop(Selection params) {
        return each(params, name -> command(name, supervisor.stop(name), StateKind::quiescent, STOP_WAIT, "stopped"));
    }

    @Override
    public CommandResults restart(Selection params) {
        return each(params, name -> command(name, supervisor.restart(name), kind -> kind != StateKind.STARTING
                && kind != StateKind.STOPPING, STOP_WAIT.plus(START_WAIT), "restarted"));
    }

    @Override
    public CommandResults reset(Selection params) {
        return each(params, name -> command(name, supervisor.reset(name), kind -> kind != StateKind.STARTING
                && kind != StateKind.STOPPING, START_WAIT, "reset"));
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
        List<StoredEvent> newestFirst = new ArrayList<>(events.query(query));
        java.util.Collections.reverse(newestFirst);
        return new EventList(newestFirst.stream().map(ApiViews::event).toList());
    }

    void onApplied(java.util.function.Consumer<dev.vigil.config.VigilConfig> listener) {
        this.applied = listener;
    }

    @Override
    public synchronized ReloadResult reload() {
        LoadResult loaded = loader.load(configPath);
        return switch (loaded) {
            case LoadResult.Invalid invalid ->
                    throw new ConfigRejectedException(invalid.problems().stream().map(ConfigProblem::toString).toList());
            case LoadResult.Valid valid -> {
                var applied = await(supervisor.apply(valid.config()), Duration.ofMinutes(5), "reload");
                this.applied.accept(valid.config());
                applied.removed().forEach(journal::forget);
                // A list right after this answer must show the new set.
                await(supervisor.settledSnapshot(), Duration.ofSeconds(30), "reload");
                yield new ReloadResult(sorted(applied.added()), sorted(applied.removed()), sorted(applied.changed()),
                        sorted(applied.unchanged()));
            }
        };
    }

    private CommandResults each(Selection selection, Function<String, CommandResult> action) {
        List<String> names = selection.all()
                ? supervisor.snapshot().services().stream().map(ServiceView::name).sorted().toList()
                : selection.names();
        names.forEach(this::known);   // every name checked before anything is done
        return new CommandResults(names.stream().map(action).toList());
    }

    private CommandResult command(String name, CompletableFuture<dev.vigil.supervise.CommandResult> sent,
                                  Predicate<StateKind> done, Duration limit, String verb) {
        CompletableFuture<StateKind> reached = reached(name, done);
        try {
            switch (await(sent, Duration.ofSeconds(30), verb + " " + name)) {
                case dev.vigil.supervise.CommandResult.UnknownService u -> throw unknown(u.name());
                case dev.vigil.supervise.CommandResult.Applied applied -> {
                    if (done.test(applied.after())) {
                        reached.complete(applied.after());
                    }
                }
            }
            StateKind state;
            try {
                state = reached.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                state = supervisor.snapshot().service(name).map(ServiceView::state).orElse(StateKind.STOPPED);
            }
            // The state was seen in an event, published before the snapshot that shows it: wait for that one.
            ServiceView view = await(supervisor.settledSnapshot(), Duration.ofSeconds(30), verb + " " + name)
                    .service(name).orElseThrow(() -> unknown(name));
            return new CommandResult(name, !(verb.equals("stopped") ? !state.quiescent() : state == StateKind.FAILED),
                    ApiViews.state(view.state()), describe(verb, view));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(RpcErrors.UNAVAILABLE, "interrupted while waiting for " + name, Map.of());
        } catch (ExecutionException e) {
            throw new ApiException(RpcErrors.UNAVAILABLE, verb + " " + name + " failed: " + e.getCause(), Map.of());
        }
    }

    /** Completes with the service's state once it satisfies {@code done} (checked after subscribing, so nothing is missed). */
    private CompletableFuture<StateKind> reached(String name, Predicate<StateKind> done) {
        CompletableFuture<StateKind> reached = new CompletableFuture<>();
        AutoCloseable subscription = supervisor.subscribe(event -> {
            if (event instanceof SupervisorEvent.ServiceStateChanged changed && changed.service().equals(name)
                    && done.test(changed.to())) {
                reached.complete(changed.to());
            }
        });
        reached.whenComplete((state, error) -> close(subscription));
        return reached;
    }

    private static String describe(String verb, ServiceView view) {
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
}
