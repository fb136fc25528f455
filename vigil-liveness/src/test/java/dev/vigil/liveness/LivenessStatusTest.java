package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LivenessStatusTest {
    @Test
    void aSnapshotIsCopiedIntoThePublicStatusFieldByField() {
        HealthSnapshot snapshot = new HealthSnapshot(7_000_000_000L, true,
                List.of(new HealthSnapshot.HeartbeatStatus("render", HeartbeatWatch.State.STALLED, 1_300_000_000L, 1_000_000_000L, 2),
                        new HealthSnapshot.HeartbeatStatus("poll", HeartbeatWatch.State.IDLE, 5_000_000L, 30_000_000_000L, 0)),
                List.of(), new HealthSnapshot.PauseSummary(40, 2_000_000L, 9_000_000L), List.of("draining"), List.of(), List.of());
        LivenessStatus status = LivenessStatus.of(snapshot);
        assertThat(status.live()).isFalse();
        assertThat(status.ready()).isFalse();
        assertThat(status.started()).isTrue();
        assertThat(status.uptime()).isEqualTo(Duration.ofSeconds(7));
        assertThat(status.heartbeats()).containsExactly(
                new LivenessStatus.HeartbeatReport("render", LivenessStatus.HeartbeatState.STALLED, Duration.ofMillis(1300), Duration.ofSeconds(1), 2),
                new LivenessStatus.HeartbeatReport("poll", LivenessStatus.HeartbeatState.IDLE, Duration.ofMillis(5), Duration.ofSeconds(30), 0));
        assertThat(status.pauses()).isEqualTo(new LivenessStatus.Pauses(40, Duration.ofMillis(2), Duration.ofMillis(9)));
        assertThat(status.notLiveReasons()).singleElement().asString().contains("heartbeat 'render' stalled");
        assertThat(status.notReadyReasons()).containsExactly("draining");
    }

    @Test
    void healthReportsWhatEachThreadRequestedObtainedAndWhy() {
        HealthSnapshot snapshot = new HealthSnapshot(0, true, List.of(), List.of(), new HealthSnapshot.PauseSummary(0, 0, 0),
                List.of(), List.of(), List.of(
                        new SchedulingOutcome("vigil-liveness-listener", 11, "nice -10", "nice -10", ""),
                        new SchedulingOutcome("vigil-liveness-watchdog", 12, "nice -10", "nice 0", "setpriority(nice -10): EACCES")));
        assertThat(HealthDocuments.detail(snapshot)).endsWith("\"threads\":["
                + "{\"name\":\"vigil-liveness-listener\",\"tid\":11,\"requested\":\"nice -10\",\"obtained\":\"nice -10\"},"
                + "{\"name\":\"vigil-liveness-watchdog\",\"tid\":12,\"requested\":\"nice -10\",\"obtained\":\"nice 0\","
                + "\"reason\":\"setpriority(nice -10): EACCES\"}]}\n");
    }
}
