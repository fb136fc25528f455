package dev.vigil.store;

import dev.vigil.event.Severity;
import java.time.Instant;
import java.util.Map;

/**
 * An event as read back from the store; {@code id} grows with insertion order.
 *
 * @param at     when it (first) happened
 * @param count  how many identical events this row stands for (1 unless coalesced, see
 *               {@link EventCoalescer})
 * @param lastAt when the last of them happened; null when {@code count} is 1
 */
public record StoredEvent(long id, Instant at, String type, String service, String process, Severity severity,
        Map<String, Object> fields, int count, Instant lastAt) {
    public StoredEvent {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
}
