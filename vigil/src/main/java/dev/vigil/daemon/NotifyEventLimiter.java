package dev.vigil.daemon;

import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A token bucket per service for the events a service's own datagrams cause ({@code notify_*}):
 * {@link #BURST} at once, then {@link #PER_SECOND} a second. 100,000 STATUS= datagrams used to make
 * 100,000 stored events and log lines; the supervisor still acts on every datagram, only the
 * record of them is thinned. What was held back is said in one counted
 * {@code notify_events_suppressed} event, published before the next event of that service that
 * passes. Every other event always passes. Pure (time as monotonic nanoseconds); not thread-safe.
 */
final class NotifyEventLimiter {
    static final int BURST = 20;
    static final int PER_SECOND = 1;
    private static final long NANOS_PER_TOKEN = 1_000_000_000L / PER_SECOND;

    private static final class Bucket {
        double tokens = BURST;
        long refilledAt;
        long suppressed;
    }

    private final Map<String, Bucket> buckets = new HashMap<>();

    /** The events to publish for {@code event} at {@code nowNanos}: none, it, or a suppression note and it. */
    List<VigilEvent> admit(VigilEvent event, long nowNanos) {
        String service = event.service();
        if (service == null) {
            return List.of(event);
        }
        boolean notifyDriven = event.type().startsWith("notify_");
        Bucket bucket = buckets.get(service);
        if (bucket == null) {
            if (!notifyDriven) {
                return List.of(event);
            }
            bucket = new Bucket();
            bucket.refilledAt = nowNanos;
            buckets.put(service, bucket);
        }
        bucket.tokens = Math.min(BURST, bucket.tokens + (double) (nowNanos - bucket.refilledAt) / NANOS_PER_TOKEN);
        bucket.refilledAt = nowNanos;
        if (notifyDriven) {
            if (bucket.tokens < 1) {
                bucket.suppressed++;
                return List.of();
            }
            bucket.tokens -= 1;
        }
        if (bucket.suppressed == 0) {
            return List.of(event);
        }
        List<VigilEvent> out = new ArrayList<>(2);
        out.add(new ServiceNote("notify_events_suppressed", service, Severity.WARN,
                Map.of("suppressed", bucket.suppressed, "limit", BURST + " at once, then " + PER_SECOND + "/s")));
        bucket.suppressed = 0;
        out.add(event);
        return out;
    }
}
