package dev.vigil.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One notification to one target: an alert firing (first time or as a reminder) or resolving.
 *
 * @param target   the {@code [[notify]]} name
 * @param service  the service the alert is about
 * @param status   firing or resolved
 * @param from     the state the service left when this happened ({@code running}, {@code degraded})
 * @param to       the state it is in now
 * @param reason   the latest reason the supervisor gave
 * @param probe    the failing probe, empty when no probe was involved
 * @param restarts restarts scheduled since the alert opened
 * @param severity the highest severity seen ({@code warn}, {@code error}; {@code info} when resolved)
 * @param events   the triggers grouped into this alert, in order of first occurrence ({@code degraded}, ...)
 * @param grouped  how many supervisor events were grouped into it
 * @param startsAt when the alert opened
 * @param endsAt   when it resolved; null while firing
 * @param reminder true for a {@code repeat} of a firing already sent
 * @param evidence what the supervisor recorded (probe result, process state), flat
 */
public record AlertNotice(String target, String service, AlertStatus status, String from, String to, String reason,
                          String probe, int restarts, String severity, List<String> events, int grouped,
                          Instant startsAt, Instant endsAt, boolean reminder, Map<String, Object> evidence) {
    public AlertNotice {
        events = List.copyOf(events);
        evidence = Map.copyOf(evidence);
    }

    /** Identifies the alert (both halves and every reminder share it): {@code service@startsAt-millis}. */
    public String alertId() {
        return service + "@" + startsAt.toEpochMilli();
    }
}
