package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListReasonTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static Map<String, Object> summary(String reason) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("reason", reason);
        s.put("failing_probes", List.of(Map.of("probe", "health", "reason", "empty reply", "consecutive", 2L,
                "threshold", 2L)));
        return s;
    }

    @Test
    void failingProbesAreTheNews() {
        assertThat(ListCommand.reason(summary("health: empty reply (GET unix:/x.sock/health), 2/2"), NOW))
                .isEqualTo("health: empty reply, 2/2");
    }

    @Test
    void aRestartHeldBackByTheStormGuardSaysSo() {
        assertThat(ListCommand.reason(summary("restart budget exhausted: health: empty reply (GET unix:/x.sock/health), 2/2"), NOW))
                .isEqualTo("restart budget exhausted: health: empty reply, 2/2");
    }

    @Test
    void whatAServiceSaidWithStatusIsShownBesideTheReason() {
        Map<String, Object> s = summary("health: empty reply (GET unix:/x.sock/health), 2/2");
        s.put("status_text", "warming cache 40%");
        assertThat(ListCommand.reason(s, NOW)).isEqualTo("health: empty reply, 2/2; status: warming cache 40%");
    }

    @Test
    void aRunningServiceShowsOnlyItsStatus() {
        Map<String, Object> s = new LinkedHashMap<>();
        assertThat(ListCommand.status(s)).isEmpty();
        s.put("status_text", "live and ready");
        assertThat(ListCommand.status(s)).isEqualTo("status: live and ready");
    }

    private static Map<String, Object> restartedAt(String state, Instant at) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state", state);
        s.put("last_restart", Map.of("at", at.toString(), "reason", "health: timed out after 1s (GET /health), 2/2"));
        return s;
    }

    @Test
    void aRunningServiceSaysWhyItJustRestarted() {
        Map<String, Object> s = restartedAt("running", NOW.minusSeconds(12));
        s.put("status_text", "serving");
        assertThat(ListCommand.running(s, NOW))
                .isEqualTo("restarted 12s ago: health: timed out after 1s (GET /health), 2/2; status: serving");
    }

    @Test
    void anOldRestartIsNoLongerNews() {
        assertThat(ListCommand.running(restartedAt("running", NOW.minus(ListCommand.RECENT_RESTART).minusSeconds(1)), NOW))
                .isEmpty();
        assertThat(ListCommand.running(restartedAt("running", NOW.minus(ListCommand.RECENT_RESTART)), NOW))
                .startsWith("restarted 5m");
    }

    @Test
    void aStartingServiceShowsItsRecentRestartButABackoffKeepsItsOwnReason() {
        assertThat(ListCommand.reason(restartedAt("starting", NOW.minusSeconds(1)), NOW))
                .isEqualTo("restarted 1s ago: health: timed out after 1s (GET /health), 2/2");
        Map<String, Object> backoff = restartedAt("backoff", NOW.minusSeconds(1));
        backoff.put("reason", "web exited: exit code 1");
        assertThat(ListCommand.reason(backoff, NOW)).isEqualTo("web exited: exit code 1");
    }
}
