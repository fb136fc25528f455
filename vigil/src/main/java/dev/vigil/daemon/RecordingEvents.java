package dev.vigil.daemon;

import dev.vigil.event.Severity;
import dev.vigil.store.RecordingReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The store's reports as daemon events: {@code events_not_recorded} / {@code processes_not_recorded}
 * (warn: how many wait, how many were lost, why) and {@code events_recording_resumed} /
 * {@code processes_recording_resumed} (info: how long it lasted, how many were lost).
 */
final class RecordingEvents {
    private RecordingEvents() {
    }

    static DaemonEvent of(RecordingReport report) {
        return switch (report) {
            case RecordingReport.NotRecorded n -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("message", n.what() + " not recorded: " + n.lost() + " lost, " + n.waiting() + " waiting ("
                        + n.reason() + ")");
                fields.put("waiting", n.waiting());
                fields.put("lost", n.lost());
                fields.put("lost_total", n.lostTotal());
                fields.put("reason", n.reason());
                yield new DaemonEvent(n.what() + "_not_recorded", Severity.WARN, fields);
            }
            case RecordingReport.Resumed r -> DaemonEvent.info(r.what() + "_recording_resumed", Map.of(
                    "message", r.what() + " are recorded again after " + r.outage().toMillis() + " ms; " + r.lost() + " lost",
                    "lost", r.lost(), "outage_ms", r.outage().toMillis()));
        };
    }
}
