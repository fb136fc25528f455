package dev.vigil.consul;

import dev.vigil.config.ConsulSpec;
import dev.vigil.config.ServiceSpec;
import dev.vigil.event.VigilEvent;
import dev.vigil.time.Ticker;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The daemon's {@code [consul]} side: a thread of its own ({@code vigil-consul}) that runs a
 * {@link TtlUpdater} step every {@link TtlUpdater#period}, so no update ever waits on or delays the
 * supervisor. {@link #apply} at start and on each reload starts, replaces or stops it; a reload
 * that changes nothing of it keeps it (and what it last sent).
 *
 * <p>Thread-safe.
 */
public final class ConsulTtl implements AutoCloseable {

    private final Ticker ticker;
    private final WatchdogFacts facts;
    private final Consumer<VigilEvent> events;
    private ScheduledExecutorService thread;
    private HttpConsulAgent agent;
    private ConsulSpec spec;
    private List<WatchedCheck> checks = List.of();

    public ConsulTtl(Ticker ticker, WatchdogFacts facts, Consumer<VigilEvent> events) {
        this.ticker = ticker;
        this.facts = facts;
        this.events = events;
    }

    public synchronized void apply(Optional<ConsulSpec> consul, List<ServiceSpec> services) {
        List<WatchedCheck> wanted = consul.map(c -> WatchedCheck.of(c, services)).orElse(List.of());
        if (consul.isPresent() && consul.get().equals(spec) && wanted.equals(checks) && thread != null) {
            return;
        }
        close();
        if (consul.isEmpty() || wanted.isEmpty()) {
            return;
        }
        spec = consul.get();
        checks = wanted;
        agent = new HttpConsulAgent(spec.address(), spec.tokenFile(), spec.timeout());
        TtlUpdater updater = new TtlUpdater(spec.address().toString(), checks, agent, facts, events);
        thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "vigil-consul");
            t.setDaemon(true);
            return t;
        });
        long period = TtlUpdater.period(checks).toNanos();
        thread.scheduleWithFixedDelay(() -> updater.step(ticker.nanoTime()), 0, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
            agent.close();
            agent = null;
        }
        spec = null;
        checks = List.of();
    }
}
