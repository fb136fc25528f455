package dev.vigil.store;

import dev.vigil.event.Severity;
import java.time.Instant;
import java.util.Map;

/** An event as read back from the store; {@code id} grows with insertion order. */
public record StoredEvent(long id, Instant at, String type, String service, String process, Severity severity,
        Map<String, Object> fields) {
    public StoredEvent {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
}
