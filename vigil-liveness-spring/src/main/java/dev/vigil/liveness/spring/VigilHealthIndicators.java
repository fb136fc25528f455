package dev.vigil.liveness.spring;

import dev.vigil.liveness.Liveness;
import dev.vigil.liveness.LivenessStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator health indicators over the agent's latest verdict: {@code vigilLiveness} (heartbeats and
 * deadlocks) for the {@code liveness} group, {@code vigilReadiness} (declared readiness and named
 * checks) for the {@code readiness} group. They read a snapshot; they never run a check themselves.
 */
final class VigilHealthIndicators {
    private VigilHealthIndicators() {
    }

    static HealthIndicator liveness(Liveness liveness) {
        return () -> {
            LivenessStatus s = liveness.status();
            Map<String, Object> heartbeats = new LinkedHashMap<>();
            for (LivenessStatus.HeartbeatReport h : s.heartbeats()) {
                heartbeats.put(h.name(), Map.of("state", h.state().name(), "ageMs", h.age().toMillis(),
                        "budgetMs", h.budget().toMillis(), "stalls", h.stalls()));
            }
            Health.Builder health = s.live() ? Health.up() : Health.down().withDetail("reasons", s.notLiveReasons());
            return health.withDetail("heartbeats", heartbeats)
                    .withDetail("pauseP99Ms", s.pauses().p99().toNanos() / 1e6)
                    .withDetail("pauseMaxMs", s.pauses().max().toNanos() / 1e6)
                    .build();
        };
    }

    static HealthIndicator readiness(Liveness liveness) {
        return () -> {
            LivenessStatus s = liveness.status();
            return s.ready() ? Health.up().build()
                    : Health.outOfService().withDetail("reasons", s.notReadyReasons()).withDetail("live", s.live()).build();
        };
    }
}
