package dev.vigil.liveness;

import java.time.Duration;
import java.util.List;

/**
 * A read-only copy of the watchdog's latest verdict, for integrations (metrics binders, framework
 * health indicators). Immutable; taken by {@link Liveness#status()}, which allocates, so call it
 * when a scrape or a health request needs it, not on a hot path.
 *
 * @param live            no heartbeat stalled and no deadlock
 * @param ready           started, live, and nothing reported not-ready
 * @param started         {@link Liveness#ready()} has been called once
 * @param uptime          time since the agent started
 * @param heartbeats      each registered heartbeat, in registration order
 * @param pauses          JVM-wide pauses the watchdog measured (its own wake-up lateness)
 * @param notLiveReasons  why liveness is red, one clause per cause; empty when live
 * @param notReadyReasons why readiness is red (declared reasons and failing checks)
 */
public record LivenessStatus(boolean live, boolean ready, boolean started, Duration uptime,
        List<HeartbeatReport> heartbeats, Pauses pauses, List<String> notLiveReasons, List<String> notReadyReasons) {

    public LivenessStatus {
        heartbeats = List.copyOf(heartbeats);
        notLiveReasons = List.copyOf(notLiveReasons);
        notReadyReasons = List.copyOf(notReadyReasons);
    }

    /** A heartbeat's state as the watchdog judges it. */
    public enum HeartbeatState {
        /** Busy and beating within its budget. */
        FRESH,
        /** Between {@link Heartbeat#idle()} and {@link Heartbeat#busy()}: never stalled. */
        IDLE,
        /** Busy and silent for longer than its budget. */
        STALLED
    }

    /**
     * One heartbeat.
     *
     * @param age    time since its last observed progress (dated at the watchdog's sample)
     * @param stalls how many times it has been judged stalled since registration
     */
    public record HeartbeatReport(String name, HeartbeatState state, Duration age, Duration budget, int stalls) {
    }

    /**
     * Recent JVM-wide pauses over the watchdog's last samples (at most 512).
     *
     * @param samples how many wake-ups the figures cover
     */
    public record Pauses(int samples, Duration p99, Duration max) {
    }

    static LivenessStatus of(HealthSnapshot s) {
        List<HeartbeatReport> beats = s.heartbeats().stream()
                .map(h -> new HeartbeatReport(h.name(), HeartbeatState.valueOf(h.state().name()),
                        Duration.ofNanos(h.ageNanos()), Duration.ofNanos(h.budgetNanos()), h.stalls()))
                .toList();
        Pauses pauses = new Pauses(s.pauses().samples(), Duration.ofNanos(s.pauses().p99Nanos()),
                Duration.ofNanos(s.pauses().maxNanos()));
        return new LivenessStatus(s.live(), s.ready(), s.started(), Duration.ofNanos(s.uptimeNanos()), beats, pauses,
                s.notLiveReasons(), s.notReadyReasons());
    }
}
