package dev.vigil.supervise;

import dev.vigil.config.DaemonSettings;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.VigilConfig;
import dev.vigil.event.VigilEvent;
import dev.vigil.notify.NotifySockets;
import dev.vigil.probe.ProbeControl;
import dev.vigil.process.ProcessLauncher;
import dev.vigil.time.Ticker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The imperative shell around the pure core: one platform thread owns every service's state;
 * everything else (API, CLI, launcher callbacks, probe reports, notify datagrams, timers, the
 * system effects' completions) posts a message to its queue and gets its answer as a
 * {@link CompletableFuture}. The thread feeds events to {@link Transitions}, executes the effects
 * (in memory on itself; spawn, signals, sweeps and evidence on {@link SystemLanes}, never blocking
 * on them), and publishes an immutable {@link SupervisorSnapshot} after every message.
 *
 * <p>Thread-safe: every public method may be called from any thread and never blocks on the
 * supervisor's work. Event listeners run on the supervisor's thread and must not block.
 */
public final class Supervisor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Supervisor.class.getName());
    private static final Runnable POISON = () -> { };

    /**
     * What the supervisor works with; the daemon builds the real ones, tests pass fakes.
     *
     * @param events the sink of every event (JSON log, store, metrics); called on the supervisor's thread
     * @param logDir processes of service S log under {@code logDir/S}
     */
    public record Parts(ProcessLauncher launcher, Scheduler scheduler, ProbeControl probes,
                        NotifySockets notifySockets, EvidenceCollector evidence, Consumer<VigilEvent> events,
                        Ticker ticker, Jitter jitter, Path logDir) {}

    private final Parts parts;
    private final SystemLanes lanes;
    private final EffectRunner effects;
    private final BlockingQueue<Runnable> mailbox = new LinkedBlockingQueue<>();
    private final CopyOnWriteArrayList<Consumer<? super VigilEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Thread owner;
    private volatile boolean closed;
    private volatile SupervisorSnapshot snapshot;

    // Owned by the supervisor's thread.
    private final Map<String, ServiceCell> services = new LinkedHashMap<>();
    private final List<CompletableFuture<Void>> stopAllWaiters = new ArrayList<>();
    /** Stops under way in dependency order (dependents first). */
    private final List<StopPlan> stopPlans = new ArrayList<>();
    private RestartBudget budget = RestartBudget.of(DaemonSettings.defaults());
    /** Number of the last probe round taken in, daemon-wide ({@link ProbeTick#seq}). */
    private long probeRounds;

    /** A supervisor that runs its system effects on a small pool of its own ({@link SystemLanes}). */
    public Supervisor(Parts parts) {
        this(parts, SystemLanes.owned());
    }

    /** A supervisor that runs its system effects on {@code lanes} (tests: a direct executor). */
    Supervisor(Parts parts, SystemLanes lanes) {
        this.parts = parts;
        this.lanes = lanes;
        this.effects = new EffectRunner(parts, this, lanes);
        this.snapshot = new SupervisorSnapshot(parts.ticker().wallClock(), List.of());
        this.owner = Thread.ofPlatform().name("vigil-supervisor").daemon(true).unstarted(this::loop);
    }

    /** Starts the supervisor's thread. Call once, before anything else. */
    public void start() {
        owner.start();
    }

    /**
     * Stops the supervisor's thread after the messages already queued. Does not stop services:
     * call {@link #stopAll()} first for that. Futures of later calls complete exceptionally.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        mailbox.add(POISON);
        if (owner.isAlive()) {
            owner.join();
        }
        lanes.close();
    }

    /**
     * Applies a configuration, first or reloaded: new services start (if autostart), removed ones
     * stop and disappear once stopped, changed ones (spec not equal) restart with the new spec,
     * unchanged ones are not touched (same processes, same PIDs).
     */
    public CompletableFuture<ApplyResult> apply(VigilConfig config) {
        return ask(() -> applyNow(config));
    }

    public CompletableFuture<CommandResult> start(String service) {
        return command(service, new Event.Start());
    }

    public CompletableFuture<CommandResult> stop(String service) {
        return command(service, new Event.Stop());
    }

    /**
     * Stop, then start again. A service with {@code restart_dependents = true} first stops the
     * services that run and depend on it (dependents first), then restarts, then starts them again:
     * they wait in WAITING until their conditions hold in the new start. The answer comes once the
     * service itself was told to restart.
     */
    public CompletableFuture<CommandResult> restart(String service) {
        return restartWithDependents(service).thenApply(RestartAnswer::result);
    }

    /**
     * {@link #restart}, answered with the dependents it stopped and told to start again too (none
     * without {@code restart_dependents}). They are already told to start when this completes.
     */
    public CompletableFuture<RestartAnswer> restartWithDependents(String service) {
        CompletableFuture<RestartAnswer> answer = new CompletableFuture<>();
        if (!post(() -> restartNow(service, answer))) {
            answer.completeExceptionally(new IllegalStateException("supervisor is closed"));
        }
        return answer;
    }

    /**
     * Stops {@code services} dependents first: each is told to stop once every one of them that
     * depends on it has stopped; the others stop side by side. Completes once all are STOPPED.
     */
    public CompletableFuture<Void> stopInOrder(java.util.Collection<String> services) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!post(() -> {
            StopPlan plan = new StopPlan(services, () -> { });
            stopPlans.add(plan);
            plan.done.whenComplete((v, e) -> done.complete(null));
        })) {
            done.completeExceptionally(new IllegalStateException("supervisor is closed"));
        }
        return done;
    }

    /**
     * The services that depend on {@code service}, directly or through others, nearest first;
     * with {@code runningOnly}, only those running or on their way: not stopped, failed or backing
     * off. A WAITING one counts: it waits for its dependencies, and would start (or fail at its
     * start_timeout) if they were stopped under it.
     */
    public CompletableFuture<List<String>> dependents(String service, boolean runningOnly) {
        return ask(() -> dependentsNow(service, runningOnly));
    }

    /** Clears a service's crash-loop history and backoff; a FAILED or backing-off service starts now. */
    public CompletableFuture<CommandResult> reset(String service) {
        return command(service, new Event.Reset());
    }

    /**
     * Runs the named probes of {@code service} once now (they run on the probe side's threads, never
     * on this one; their rounds count like any other) and completes with each one's next judged
     * round, by probe name. Probes that are not running are left out: an empty map at once when none
     * is. The caller bounds the wait.
     */
    public CompletableFuture<Map<String, ProbeTick>> probeNow(String service, List<String> probes) {
        CompletableFuture<Map<String, ProbeTick>> done = new CompletableFuture<>();
        if (!post(() -> {
            ServiceCell cell = services.get(service);
            List<String> running = cell == null ? List.of() : parts.probes().runNow(service, probes);
            if (running.isEmpty()) {
                done.complete(Map.of());
            } else {
                cell.awaitRounds(running, done);
            }
        })) {
            done.completeExceptionally(new IllegalStateException("supervisor is closed"));
        }
        return done;
    }

    /** Stops every service (daemon SIGTERM); completes once every service is STOPPED. */
    public CompletableFuture<Void> stopAll() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!post(() -> {
            stopAllWaiters.add(done);
            // Dependents before their dependencies; services independent of each other side by side.
            stopPlans.add(new StopPlan(List.copyOf(services.keySet()).reversed(), () -> { }));
        })) {
            done.completeExceptionally(new IllegalStateException("supervisor is closed"));
        }
        return done;
    }

    /** Every {@code depends_on} entry of every service, in declaration order, with whether it holds now. */
    public CompletableFuture<List<DependencyLink>> dependencyLinks() {
        return ask(() -> {
            List<DependencyLink> links = new ArrayList<>();
            for (ServiceCell c : services.values()) {
                for (var d : c.context.spec().dependencies().dependsOn()) {
                    ServiceCell other = services.get(d.service());
                    DependencyFacts facts = other == null ? DependencyFacts.ABSENT : other.facts;
                    links.add(new DependencyLink(c.name, d.service(), d.condition(), facts.holds(d.condition())));
                }
            }
            return links;
        });
    }

    /** The latest picture, published after the last processed message. Never blocks. */
    public SupervisorSnapshot snapshot() {
        return snapshot;
    }

    /**
     * Completes with a snapshot that includes every message posted before this call and what it
     * led to: read-your-writes for a caller that has just seen an event or a command's answer
     * ({@link #snapshot()} is published only after the message that published the event).
     */
    public CompletableFuture<SupervisorSnapshot> settledSnapshot() {
        // Runs as the next message: the snapshot was published after every earlier one.
        return ask(() -> snapshot);
    }

    /** Calls {@code listener} with every event, on the supervisor's thread, until closed. */
    public AutoCloseable subscribe(Consumer<? super VigilEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Completes with the next event of {@code type} that matches (from now on). */
    public <E extends VigilEvent> CompletableFuture<E> nextEvent(Class<E> type, Predicate<? super E> match) {
        CompletableFuture<E> found = new CompletableFuture<>();
        Consumer<VigilEvent> listener = new Consumer<>() {
            @Override
            public void accept(VigilEvent event) {
                if (type.isInstance(event) && match.test(type.cast(event)) && found.complete(type.cast(event))) {
                    listeners.remove(this);
                }
            }
        };
        listeners.add(listener);
        return found;
    }

    // ---- the supervisor's thread ----

    boolean post(Runnable message) {
        if (closed) {
            return false;
        }
        mailbox.add(message);
        return true;
    }

    private <T> CompletableFuture<T> ask(Supplier<T> work) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        if (!post(() -> answer.complete(work.get()))) {
            answer.completeExceptionally(new IllegalStateException("supervisor is closed"));
        }
        return answer;
    }

    private void loop() {
        while (true) {
            Runnable message;
            try {
                message = mailbox.take();
            } catch (InterruptedException e) {
                return;
            }
            if (message == POISON) {
                return;
            }
            try {
                message.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "supervisor message failed", e);
            }
            afterMessage();
        }
    }

    private void afterMessage() {
        advanceStopPlans();
        long nanoNow = parts.ticker().nanoTime();
        Instant wallNow = parts.ticker().wallClock();
        SupervisorSnapshot.ServiceView[] views = new SupervisorSnapshot.ServiceView[services.size()];
        int n = 0;
        for (ServiceCell c : services.values()) {
            views[n++] = c.view(nanoNow, wallNow);
        }
        snapshot = new SupervisorSnapshot(wallNow, List.of(views));
        if (!stopAllWaiters.isEmpty() && services.values().stream().allMatch(c -> c.state.kind() == StateKind.STOPPED)) {
            stopAllWaiters.forEach(f -> f.complete(null));
            stopAllWaiters.clear();
        }
    }

    /**
     * Feeds {@code event} through the core and runs its effects; what they lead to (a start, a
     * finished sweep) comes back later as another message.
     */
    void deliver(ServiceCell cell, Event event) {
        if (services.get(cell.name) != cell) {
            return; // a late message for a service that was removed
        }
        cell.changed();
        if (event instanceof Event.Notify notify) {
            cell.notified(notify, parts.ticker().wallClock());
        }
        ServiceContext context = cell.context.withBudget(budget, cell.context.budgetDenied());
        Decision decision = new Transitions(context, parts.jitter(), dependencyFacts(cell))
                .next(cell.state, event, parts.ticker().nanoTime());
        budget = decision.context().budget();
        if (decision.state().kind() != cell.state.kind()) {
            cell.since = parts.ticker().wallClock();
        }
        int restarted = decision.context().restarts() - cell.context.restarts();
        if (restarted > 0) {
            cell.recentRestarts = cell.recentRestarts.plus(parts.ticker().wallClock(), restarted);
        }
        cell.state = decision.state();
        cell.context = decision.context();
        for (Effect effect : decision.effects()) {
            effects.run(cell, effect);
        }
        if (cell.removing && cell.state.kind() == StateKind.STOPPED) {
            cell.cancelTimers();
            services.remove(cell.name);
        }
        DependencyFacts facts = services.get(cell.name) == cell ? DependencyFacts.of(cell.state, cell.context)
                : DependencyFacts.ABSENT;
        if (!facts.equals(cell.facts)) {
            cell.facts = facts;
            tellWaitingDependents(cell.name);
        }
    }

    /** What holds in each service {@code cell} depends on (a service not there holds nothing). */
    private Map<String, DependencyFacts> dependencyFacts(ServiceCell cell) {
        var dependsOn = cell.context.spec().dependencies().dependsOn();
        if (dependsOn.isEmpty()) {
            return Map.of();
        }
        Map<String, DependencyFacts> facts = new HashMap<>();
        for (var d : dependsOn) {
            ServiceCell other = services.get(d.service());
            facts.put(d.service(), other == null ? DependencyFacts.ABSENT : other.facts);
        }
        return facts;
    }

    /**
     * What holds in {@code service} changed: each WAITING service that depends on it looks again, as
     * its own message (a chain of dependents starting one another never deepens this thread's stack).
     */
    private void tellWaitingDependents(String service) {
        for (ServiceCell other : services.values()) {
            if (other.state instanceof ServiceState.Waiting && other.context.spec().dependencies().on(service).isPresent()) {
                post(() -> deliver(other, new Event.DependencyChanged()));
            }
        }
    }

    /** The next daemon-wide probe round number; supervisor's thread only. */
    long nextProbeRound() {
        return ++probeRounds;
    }

    void publish(VigilEvent event) {
        try {
            parts.events().accept(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "event sink failed on " + event.type(), e);
        }
        for (Consumer<? super VigilEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "event listener failed on " + event.type(), e);
            }
        }
    }

    private CompletableFuture<CommandResult> command(String name, Event.Command command) {
        return ask(() -> commandNow(name, command));
    }

    private CommandResult commandNow(String name, Event.Command command) {
        ServiceCell cell = services.get(name);
        if (cell == null || cell.removing) {
            return new CommandResult.UnknownService(name, services.values().stream()
                    .filter(c -> !c.removing).map(c -> c.name).toList());
        }
        StateKind before = cell.state.kind();
        deliver(cell, command);
        return new CommandResult.Applied(name, before, cell.state.kind(), cell.state.reason());
    }

    private void restartNow(String name, CompletableFuture<RestartAnswer> answer) {
        ServiceCell cell = services.get(name);
        boolean cascade = cell != null && !cell.removing && cell.context.spec().dependencies().restartDependents();
        List<String> running = cascade ? dependentsNow(name, true) : List.of();
        if (running.isEmpty()) {
            answer.complete(new RestartAnswer(commandNow(name, new Event.Restart()), List.of()));
            return;
        }
        stopPlans.add(new StopPlan(running, () -> {
            CommandResult restarted = commandNow(name, new Event.Restart());
            List<String> started = new ArrayList<>();
            for (String dependent : running) {
                ServiceCell d = services.get(dependent);
                if (d != null && !d.removing) {
                    deliver(d, new Event.Start()); // waits until its conditions hold in the new start
                    started.add(dependent);
                }
            }
            // Answered after the starts were delivered, so whoever waits for the dependents sees their new start.
            answer.complete(new RestartAnswer(restarted, started));
        }));
    }

    /** The services that depend directly on each service, by name. */
    private Map<String, List<String>> directDependents() {
        Map<String, List<String>> dependents = new HashMap<>();
        for (ServiceCell c : services.values()) {
            c.context.spec().dependencies().dependsOn()
                    .forEach(d -> dependents.computeIfAbsent(d.service(), k -> new ArrayList<>()).add(c.name));
        }
        return dependents;
    }

    private List<String> dependentsNow(String service, boolean runningOnly) {
        return StopPlan.dependentsOf(service, directDependents()).stream().filter(n -> {
            ServiceCell c = services.get(n);
            return c != null && !(runningOnly && c.state.kind().quiescent() && c.state.kind() != StateKind.WAITING);
        }).toList();
    }

    /** Tells the members of each stop plan to stop as their dependents allow, until nothing more moves. */
    private void advanceStopPlans() {
        if (stopPlans.isEmpty()) {
            return;
        }
        Map<String, List<String>> dependents = directDependents();
        java.util.function.Function<String, StateKind> kind = n -> {
            ServiceCell c = services.get(n);
            return c == null ? null : c.state.kind();
        };
        boolean moved = true;
        while (moved) {
            moved = false;
            for (StopPlan plan : List.copyOf(stopPlans)) {
                for (String name : plan.stoppableNow(dependents, kind)) {
                    ServiceCell c = services.get(name);
                    if (c != null) {
                        deliver(c, new Event.Stop());
                    }
                    moved = true;
                }
                if (plan.finished(kind)) {
                    stopPlans.remove(plan);
                    moved = true;
                }
            }
        }
    }

    private ApplyResult applyNow(VigilConfig config) {
        budget = budget.withSettings(config.daemon());
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> adopted = new ArrayList<>();
        for (ServiceSpec spec : config.services()) {
            ServiceCell cell = services.get(spec.name());
            if (cell == null) {
                cell = new ServiceCell(spec, budget, parts.ticker().wallClock());
                services.put(spec.name(), cell);
                added.add(spec.name());
                if (spec.autostart()) {
                    deliver(cell, new Event.Start());
                }
            } else if (!cell.removing && cell.context.pendingSpec().isEmpty() && !cell.context.spec().equals(spec)
                    && spec.sameButDependencies(cell.context.spec())) {
                adopted.add(spec.name()); // taken in place, nothing restarts (Lifecycle.replace)
                deliver(cell, new Event.Replace(spec));
            } else if (cell.removing || !cell.context.spec().equals(spec)) {
                boolean wasRemoving = cell.removing;
                cell.removing = false;
                changed.add(spec.name());
                deliver(cell, new Event.Replace(spec));
                if (wasRemoving && spec.autostart()) {
                    deliver(cell, new Event.Start()); // back in the config before it had stopped
                }
            } else {
                unchanged.add(spec.name());
            }
        }
        for (ServiceCell cell : List.copyOf(services.values())) {
            if (config.service(cell.name).isEmpty() && !cell.removing) {
                removed.add(cell.name);
                cell.removing = true;
                deliver(cell, new Event.Stop());
            }
        }
        return new ApplyResult(added, removed, changed, unchanged, adopted);
    }
}
