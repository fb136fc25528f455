package dev.vigil.liveness.micrometer;

import dev.vigil.liveness.Liveness;
import dev.vigil.liveness.LivenessStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Exposes a {@link Liveness} agent's verdicts as Micrometer meters. Every meter reads the
 * watchdog's latest snapshot when the registry asks; nothing runs on the application's threads.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>value</th></tr>
 * <tr><td>{@code vigil.liveness.live}</td><td>gauge</td><td></td><td>1 live, 0 not</td></tr>
 * <tr><td>{@code vigil.liveness.ready}</td><td>gauge</td><td></td><td>1 ready, 0 not</td></tr>
 * <tr><td>{@code vigil.liveness.heartbeat.age}</td><td>time gauge</td><td>{@code heartbeat}</td><td>time since the loop's last observed beat</td></tr>
 * <tr><td>{@code vigil.liveness.heartbeat.budget}</td><td>time gauge</td><td>{@code heartbeat}</td><td>the loop's budget</td></tr>
 * <tr><td>{@code vigil.liveness.heartbeat.stalls}</td><td>function counter</td><td>{@code heartbeat}</td><td>times the loop was judged stalled</td></tr>
 * <tr><td>{@code vigil.liveness.pause}</td><td>time gauge</td><td>{@code quantile} = {@code 0.99} or {@code max}</td><td>JVM-wide pauses over the watchdog's last samples</td></tr>
 * </table>
 *
 * <p>Heartbeat meters are registered for the heartbeats in {@link Liveness#status()} when
 * {@link #bindTo} or {@link #bindNewHeartbeats()} runs; a heartbeat is in the status from the
 * watchdog's first sample after {@link Liveness#heartbeat} (within one sampling period). Call
 * {@link #bindNewHeartbeats()} after registering heartbeats late. Thread-safe.
 */
public final class LivenessMetrics implements MeterBinder {
    private final Liveness liveness;
    private final Iterable<Tag> tags;
    private final Set<String> bound = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;

    public LivenessMetrics(Liveness liveness) {
        this(liveness, Tags.empty());
    }

    /** @param tags added to every meter, e.g. the service's name */
    public LivenessMetrics(Liveness liveness, Iterable<Tag> tags) {
        this.liveness = Objects.requireNonNull(liveness, "liveness");
        this.tags = Objects.requireNonNull(tags, "tags");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("vigil.liveness.live", liveness, l -> l.isLive() ? 1 : 0).tags(tags)
                .description("1 while no heartbeat is stalled and no threads are deadlocked").register(registry);
        Gauge.builder("vigil.liveness.ready", liveness, l -> l.isReady() ? 1 : 0).tags(tags)
                .description("1 while started, live and ready").register(registry);
        TimeGauge.builder("vigil.liveness.pause", liveness, TimeUnit.NANOSECONDS, l -> l.status().pauses().p99().toNanos())
                .tags(tags).tag("quantile", "0.99").description("JVM-wide pauses seen by the watchdog, recent p99")
                .register(registry);
        TimeGauge.builder("vigil.liveness.pause", liveness, TimeUnit.NANOSECONDS, l -> l.status().pauses().max().toNanos())
                .tags(tags).tag("quantile", "max").description("JVM-wide pauses seen by the watchdog, recent max")
                .register(registry);
        bindNewHeartbeats();
    }

    /** Registers meters for heartbeats added since the last call; no-op before {@link #bindTo}. */
    public void bindNewHeartbeats() {
        MeterRegistry target = registry;
        if (target == null) {
            return;
        }
        for (LivenessStatus.HeartbeatReport h : liveness.status().heartbeats()) {
            if (bound.add(h.name())) {
                bindHeartbeat(target, h.name());
            }
        }
    }

    private void bindHeartbeat(MeterRegistry target, String name) {
        Tags heartbeatTags = Tags.of(tags).and("heartbeat", name);
        TimeGauge.builder("vigil.liveness.heartbeat.age", liveness, TimeUnit.NANOSECONDS, heartbeat(name, h -> h.age().toNanos()))
                .tags(heartbeatTags).description("time since the loop's last observed beat").register(target);
        TimeGauge.builder("vigil.liveness.heartbeat.budget", liveness, TimeUnit.NANOSECONDS, heartbeat(name, h -> h.budget().toNanos()))
                .tags(heartbeatTags).description("how long the loop may go without a beat").register(target);
        FunctionCounter.builder("vigil.liveness.heartbeat.stalls", liveness, heartbeat(name, LivenessStatus.HeartbeatReport::stalls))
                .tags(heartbeatTags).description("times the loop was judged stalled").register(target);
    }

    private static ToDoubleFunction<Liveness> heartbeat(String name, ToDoubleFunction<LivenessStatus.HeartbeatReport> value) {
        return l -> {
            for (LivenessStatus.HeartbeatReport h : l.status().heartbeats()) {
                if (h.name().equals(name)) {
                    return value.applyAsDouble(h);
                }
            }
            return Double.NaN;
        };
    }
}
