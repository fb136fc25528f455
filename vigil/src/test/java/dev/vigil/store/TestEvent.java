package dev.vigil.store;

import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain event for store tests. */
record TestEvent(String type, String service, String process, Severity severity, Map<String, Object> fields)
        implements VigilEvent {

    /** A probe round that failed, as the core reports it. */
    static TestEvent probeFailed(String service, String probe, String reason, int consecutive, long latencyMs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("probe", probe);
        fields.put("kind", "tcp");
        fields.put("target", "127.0.0.1:9");
        fields.put("role", "liveness");
        fields.put("reason", reason);
        fields.put("latency_ms", latencyMs);
        fields.put("consecutive", consecutive);
        fields.put("threshold", 3);
        return new TestEvent("probe_failed", service, null, Severity.WARN, fields);
    }

    static TestEvent of(String type, String service) {
        return new TestEvent(type, service, null, Severity.INFO, Map.of());
    }
}
