package dev.vigil.daemon;

import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import java.util.Map;

/** An event the daemon itself adds about a service (e.g. that some of its events were suppressed). */
record ServiceNote(String type, String service, Severity severity, Map<String, Object> fields) implements VigilEvent {
    ServiceNote {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    @Override
    public String process() {
        return null;
    }
}
