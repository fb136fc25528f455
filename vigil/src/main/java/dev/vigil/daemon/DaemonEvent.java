package dev.vigil.daemon;

import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import java.util.Map;

/** Events about the daemon itself (no service), in the same log stream and store as the rest. */
record DaemonEvent(String type, Severity severity, Map<String, Object> fields) implements VigilEvent {
    DaemonEvent {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    @Override
    public String service() {
        return null;
    }

    @Override
    public String process() {
        return null;
    }

    static DaemonEvent info(String type, Map<String, Object> fields) {
        return new DaemonEvent(type, Severity.INFO, fields);
    }

    static DaemonEvent warn(String type, Map<String, Object> fields) {
        return new DaemonEvent(type, Severity.WARN, fields);
    }
}
