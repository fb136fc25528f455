package dev.vigil.alert;

import dev.vigil.config.AlertTarget;
import dev.vigil.config.AlertTrigger;
import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The open alerts of one target, derived from the supervisor's events: a trigger opens an alert
 * per service, more triggers within {@code group_wait} join it, it fires once the window closes,
 * fires again every {@code repeat}, and resolves when the service is running again (or stopped on
 * purpose). An alert that clears before its window closes sends nothing: a blip is not news.
 *
 * <p>Pure: time comes in as arguments. Not thread-safe; the caller serialises access.
 */
final class AlertBook {

    private final AlertTarget target;
    private final Optional<Duration> repeat;
    private final Map<String, Open> open = new LinkedHashMap<>();
    /** The last failing probe and evidence per service, which arrive before the state change they explain. */
    private final Map<String, String> lastProbe = new HashMap<>();
    private final Map<String, Map<String, Object>> lastEvidence = new HashMap<>();

    /** @param repeat how often a firing alert is sent again (the target's repeat, or shorter for Alertmanager) */
    AlertBook(AlertTarget target, Optional<Duration> repeat) {
        this.target = target;
        this.repeat = repeat;
    }

    /** One alert of one service; {@code firedAt} null until the firing half went out. */
    private static final class Open {
        final Instant startsAt;
        final Instant dueAt;
        final String from;
        String to;
        String reason = "";
        String probe = "";
        int restarts;
        Severity severity = Severity.INFO;
        final Set<String> events = new LinkedHashSet<>();
        int grouped;
        Map<String, Object> evidence = Map.of();
        Instant firedAt;

        Open(Instant startsAt, Instant dueAt, String from, String to) {
            this.startsAt = startsAt;
            this.dueAt = dueAt;
            this.from = from;
            this.to = to.isEmpty() ? from : to;
        }
    }

    /** Takes one event; returns what is due now (only with a zero group_wait, or on resolution). */
    List<AlertNotice> observe(Instant now, VigilEvent event) {
        String service = event.service();
        if (service == null || !target.covers(service) || !(event instanceof SupervisorEvent e)) {
            return List.of();
        }
        switch (e) {
            case SupervisorEvent.ProbeFailed p -> lastProbe.put(service, p.probe());
            case SupervisorEvent.EvidenceCollected ev -> lastEvidence.put(service, ev.fields());
            case SupervisorEvent.ServiceStateChanged c when c.to() == StateKind.RUNNING || c.to() == StateKind.STOPPED -> {
                return resolve(now, c);
            }
            default -> {
            }
        }
        Optional<AlertTrigger> trigger = Triggers.of(e);
        if (trigger.isEmpty() || !target.on().contains(trigger.get())
                || e.severity().compareTo(target.minSeverity()) < 0) {
            if (e instanceof SupervisorEvent.RestartScheduled && open.containsKey(service)) {
                open.get(service).restarts++;
            }
            return List.of();
        }
        Open alert = open.computeIfAbsent(service, s -> new Open(now, now.plus(target.groupWait()),
                Triggers.from(e), Triggers.to(e)));
        alert.events.add(trigger.get().label());
        alert.grouped++;
        alert.to = Triggers.to(e).isEmpty() ? alert.to : Triggers.to(e);
        alert.reason = Triggers.reason(e).isEmpty() ? alert.reason : Triggers.reason(e);
        alert.evidence = lastEvidence.getOrDefault(service, alert.evidence);
        if (e instanceof SupervisorEvent.RestartScheduled) {
            alert.restarts++;
        }
        // Probe and severity are labels of the alert (Alertmanager tells alerts apart by them): frozen once sent.
        if (alert.firedAt == null) {
            alert.probe = lastProbe.getOrDefault(service, alert.probe);
            if (e.severity().compareTo(alert.severity) > 0) {
                alert.severity = e.severity();
            }
        }
        return due(now);
    }

    /** What is due at {@code now}: alerts whose group window closed, and reminders. */
    List<AlertNotice> due(Instant now) {
        List<AlertNotice> out = new ArrayList<>();
        for (Map.Entry<String, Open> entry : open.entrySet()) {
            Open a = entry.getValue();
            if (a.firedAt == null && !now.isBefore(a.dueAt)) {
                a.firedAt = now;
                out.add(notice(entry.getKey(), a, AlertStatus.FIRING, null, false));
            } else if (a.firedAt != null && repeat.isPresent() && !now.isBefore(a.firedAt.plus(repeat.get()))) {
                a.firedAt = now;
                out.add(notice(entry.getKey(), a, AlertStatus.FIRING, null, true));
            }
        }
        return out;
    }

    /** The earliest moment {@link #due} may return something, for the caller's timer. */
    Optional<Instant> nextDue() {
        return open.values().stream()
                .map(a -> a.firedAt == null ? a.dueAt : repeat.map(a.firedAt::plus).orElse(null))
                .filter(java.util.Objects::nonNull).min(Instant::compareTo);
    }

    /** An alert that fired before a daemon restart, from its last firing notice; reminders count from {@code now}. */
    void restore(AlertNotice firing, Instant now) {
        Open a = new Open(firing.startsAt(), firing.startsAt(), firing.from(), firing.to());
        a.reason = firing.reason();
        a.probe = firing.probe();
        a.restarts = firing.restarts();
        a.severity = Severity.valueOf(firing.severity().toUpperCase(java.util.Locale.ROOT));
        a.events.addAll(firing.events());
        a.grouped = firing.grouped();
        a.evidence = firing.evidence();
        a.firedAt = now;
        open.put(firing.service(), a);
    }

    /** The test notification of {@code vigil notify test}: a firing that belongs to no alert. */
    AlertNotice testNotice(Instant now) {
        return new AlertNotice(target.name(), "vigil-notify-test", AlertStatus.FIRING, "running", "degraded",
                "test notification from vigil notify test", "", 0, "info", List.of("test"), 1, now, null, false, Map.of());
    }

    private List<AlertNotice> resolve(Instant now, SupervisorEvent.ServiceStateChanged c) {
        lastProbe.remove(c.service());
        lastEvidence.remove(c.service());
        Open a = open.remove(c.service());
        if (a == null || a.firedAt == null || !target.on().contains(AlertTrigger.RECOVERED)) {
            return List.of();
        }
        a.reason = c.reason();
        String lastState = a.to;
        a.to = c.to().label();
        AlertNotice n = notice(c.service(), a, AlertStatus.RESOLVED, now, false);
        return List.of(new AlertNotice(n.target(), n.service(), n.status(), lastState, n.to(), n.reason(), n.probe(),
                n.restarts(), n.severity(), n.events(), n.grouped(), n.startsAt(), n.endsAt(), false, n.evidence()));
    }

    private AlertNotice notice(String service, Open a, AlertStatus status, Instant endsAt, boolean reminder) {
        return new AlertNotice(target.name(), service, status, a.from, a.to, a.reason, a.probe, a.restarts,
                a.severity.name().toLowerCase(java.util.Locale.ROOT), List.copyOf(a.events), a.grouped, a.startsAt,
                endsAt, reminder, a.evidence);
    }
}
