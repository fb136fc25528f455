package dev.vigil.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Deliveries of alert notifications ({@code [[notify]]} targets, not sd_notify) by target and
 * result ({@code sent}, {@code failed}, {@code retried}, {@code dropped}): the source of
 * {@code vigil_notify_total}. Thread-safe and never blocking: couriers count from their own threads.
 */
public final class NotifyCounters {

    /** One series of {@code vigil_notify_total}. */
    public record Key(String target, String result) {}

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    public void count(String target, String result) {
        counts.computeIfAbsent(new Key(target, result), k -> new LongAdder()).increment();
    }

    /** A consistent-enough copy for one scrape, ordered by target then result. */
    public Map<Key, Long> counts() {
        Map<Key, Long> out = new TreeMap<>(java.util.Comparator.comparing(Key::target).thenComparing(Key::result));
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
