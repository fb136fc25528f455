package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.FailingProbe;
import dev.vigil.api.LastRestart;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListReasonTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static ServiceSummary summary(String reason) {
        return summary(ServiceState.DEGRADED, reason, null, List.of(new FailingProbe("health", "empty reply", 2, 2)), null);
    }

    private static ServiceSummary summary(ServiceState state, String reason, String statusText, List<FailingProbe> failing,
                                          LastRestart last) {
        return new ServiceSummary("web", state, reason, NOW, List.of(), null, 0, null, statusText, failing, last);
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
        ServiceSummary s = summary(ServiceState.DEGRADED, "health: empty reply (GET unix:/x.sock/health), 2/2", "warming cache 40%",
                List.of(new FailingProbe("health", "empty reply", 2, 2)), null);
        assertThat(ListCommand.reason(s, NOW)).isEqualTo("health: empty reply, 2/2; status: warming cache 40%");
    }

    @Test
    void aRunningServiceShowsOnlyItsStatus() {
        assertThat(ListCommand.status(null)).isEmpty();
        assertThat(ListCommand.status("live and ready")).isEqualTo("status: live and ready");
    }

    private static ServiceSummary restartedAt(ServiceState state, Instant at) {
        return restartedAt(state, at, null, null);
    }

    private static ServiceSummary restartedAt(ServiceState state, Instant at, String reason, String statusText) {
        return summary(state, reason, statusText, List.of(), new LastRestart(at, "health: timed out after 1s (GET /health), 2/2"));
    }

    @Test
    void aRunningServiceSaysWhyItJustRestarted() {
        ServiceSummary s = restartedAt(ServiceState.RUNNING, NOW.minusSeconds(12), null, "serving");
        assertThat(ListCommand.running(s, NOW))
                .isEqualTo("restarted 12s ago: health: timed out after 1s (GET /health), 2/2; status: serving");
    }

    @Test
    void anOldRestartIsNoLongerNews() {
        assertThat(ListCommand.running(restartedAt(ServiceState.RUNNING, NOW.minus(ListCommand.RECENT_RESTART).minusSeconds(1)), NOW))
                .isEmpty();
        assertThat(ListCommand.running(restartedAt(ServiceState.RUNNING, NOW.minus(ListCommand.RECENT_RESTART)), NOW))
                .startsWith("restarted 5m");
    }

    @Test
    void aStartingServiceShowsItsRecentRestartButABackoffKeepsItsOwnReason() {
        assertThat(ListCommand.reason(restartedAt(ServiceState.STARTING, NOW.minusSeconds(1)), NOW))
                .isEqualTo("restarted 1s ago: health: timed out after 1s (GET /health), 2/2");
        ServiceSummary backoff = restartedAt(ServiceState.BACKOFF, NOW.minusSeconds(1), "web exited: exit code 1", null);
        assertThat(ListCommand.reason(backoff, NOW)).isEqualTo("web exited: exit code 1");
    }
}
