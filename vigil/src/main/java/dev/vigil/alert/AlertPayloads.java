package dev.vigil.alert;

import dev.vigil.json.Json;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bodies a notice is sent as: Vigil's JSON document, a Slack text, Alertmanager's alert list. */
final class AlertPayloads {

    /** The alertname label: one name for every Vigil alert, the service label tells them apart. */
    static final String ALERTNAME = "VigilServiceUnhealthy";

    private AlertPayloads() {
    }

    /** The document exec hooks read on stdin and {@code format = "json"} webhooks receive. */
    static Map<String, Object> document(AlertNotice n) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("target", n.target());
        doc.put("alert_id", n.alertId());
        doc.put("event", n.status().label());
        doc.put("service", n.service());
        doc.put("from", n.from());
        doc.put("to", n.to());
        doc.put("reason", n.reason());
        doc.put("probe", n.probe());
        doc.put("restarts", n.restarts());
        doc.put("severity", n.severity());
        doc.put("events", n.events());
        doc.put("grouped", n.grouped());
        doc.put("starts_at", time(n.startsAt()));
        doc.put("ends_at", n.endsAt() == null ? null : time(n.endsAt()));
        doc.put("reminder", n.reminder());
        doc.put("evidence", new java.util.TreeMap<>(n.evidence()));
        return doc;
    }

    static String json(AlertNotice n) {
        return Json.write(document(n));
    }

    /** One line that Slack and Mattermost incoming webhooks show as is. */
    static String slack(AlertNotice n) {
        String text = switch (n.status()) {
            case FIRING -> (n.reminder() ? "[vigil] still " : "[vigil] ") + n.service() + " is " + n.to()
                    + (n.reason().isEmpty() ? "" : ": " + n.reason())
                    + (n.probe().isEmpty() ? "" : " (probe " + n.probe() + ")")
                    + (n.restarts() > 0 ? ", " + n.restarts() + " restarts" : "")
                    + " since " + time(n.startsAt());
            case RESOLVED -> "[vigil] resolved: " + n.service() + " is " + n.to() + " again after " + n.from()
                    + " since " + time(n.startsAt());
        };
        return Json.write(Map.of("text", text));
    }

    /** POST /api/v2/alerts: a list of one postable alert; endsAt only on resolution. */
    static String alertmanager(AlertNotice n, String generatorUrl) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("alertname", ALERTNAME);
        labels.put("service", n.service());
        if (!n.probe().isEmpty()) {
            labels.put("probe", n.probe());
        }
        labels.put("severity", n.severity());
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("reason", n.reason());
        annotations.put("evidence", Json.write(new java.util.TreeMap<>(n.evidence())));
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels);
        alert.put("annotations", annotations);
        alert.put("startsAt", time(n.startsAt()));
        if (n.endsAt() != null) {
            alert.put("endsAt", time(n.endsAt()));
        }
        alert.put("generatorURL", generatorUrl);
        return Json.write(List.of(alert));
    }

    static String time(java.time.Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }
}
