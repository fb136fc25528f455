package dev.vigil.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Notices for transport tests. */
final class Notices {

    static final Instant STARTS = Instant.parse("2026-11-29T10:00:00Z");

    private Notices() {
    }

    static AlertNotice firing(String service) {
        return new AlertNotice("t", service, AlertStatus.FIRING, "running", "degraded", "probe health: status 500",
                "health", 2, "warn", List.of("degraded"), 3, STARTS, null, false, Map.of("proc_state", "S"));
    }

    static AlertNotice resolved(String service) {
        return new AlertNotice("t", service, AlertStatus.RESOLVED, "degraded", "running", "probes green",
                "health", 2, "warn", List.of("degraded"), 3, STARTS, STARTS.plusSeconds(60), false, Map.of());
    }
}
