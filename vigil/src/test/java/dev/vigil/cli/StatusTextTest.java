package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.ProbeDetail;
import dev.vigil.api.ProbeResult;
import dev.vigil.api.ServiceDetail;
import dev.vigil.api.ServiceState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code vigil status NAME} as text: the next action, the restart counts and the probes' recent rounds. */
class StatusTextTest {
    private static final Instant SENT = Instant.parse("2026-11-23T10:00:00Z");

    private static String print(ServiceDetail s, Instant clientNow, Map<String, String> env) {
        StringWriter out = new StringWriter();
        CliEnvironment e = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(out, true), false, env,
                Clock.fixed(clientNow, ZoneOffset.UTC), d -> false);
        StatusCommand.print(s, e);
        return out.toString();
    }

    private static ProbeResult round(String outcome, int secondsAgo) {
        return new ProbeResult(outcome, outcome.equals("healthy") ? null : "empty reply", 3L, SENT.minusSeconds(secondsAgo));
    }

    private static ServiceDetail failed() {
        return new ServiceDetail("web", ServiceState.FAILED, "crash loop: 5 restarts within 60s", SENT.minusSeconds(60), 7,
                SENT.plusSeconds(295), null, List.of(), List.of(), List.of(), null, 2, 5, "retry in 4m55s", SENT.plusSeconds(295));
    }

    @Test
    void aTimedNextActionCountsDownFromTheClientsClock() {
        assertThat(print(failed(), SENT.plusSeconds(10), Map.of())).isEqualTo("""
                ✕ failed  web  since 2026-11-23T09:59:00Z (1m10s ago)
                  reason:      crash loop: 5 restarts within 60s
                  next:        retry in 4m45s
                  restarts:    7 (2 in the last hour, 5 in the last day)
                  next retry:  2026-11-23T10:04:55Z (in 4m45s)
                """);
    }

    private static ServiceDetail degraded(List<ProbeResult> healthRecent) {
        ProbeDetail health = new ProbeDetail("health", "http", "http://127.0.0.1:8080/health", "liveness", null,
                round("unhealthy", 1), 2, 0, 3, true, SENT.plusSeconds(4), healthRecent);
        ProbeDetail ready = new ProbeDetail("ready", "tcp", "127.0.0.1:8080", "readiness", null, null, 0, 0, 1, false, null);
        return new ServiceDetail("web", ServiceState.DEGRADED, "health: empty reply, 2/3", SENT.minusSeconds(30), 0, null, null,
                List.of(), List.of(health, ready), List.of(), null, 0, 0, "restart after 1 more failure of health", null);
    }

    @Test
    void eachProbeShowsItsRecentRoundsOldestFirst() {
        List<ProbeResult> recent = List.of(round("healthy", 6), round("healthy", 5), round("healthy", 4),
                round("unhealthy", 3), round("timed_out", 2), round("unknown", 1));
        String expectedHead = """
                ◐ degraded  web  since 2026-11-23T09:59:30Z (30s ago)
                  reason:      health: empty reply, 2/3
                  next:        restart after 1 more failure of health
                  restarts:    0 (0 in the last hour, 0 in the last day)
                  next retry:  -
                Probes
                  NAME    KIND  TARGET                        ROLE       VERDICT  FAILS  OKS  LATENCY  NEXT   LAST
                  health  http  http://127.0.0.1:8080/health  liveness   failing  2/3    0    3ms      in 4s  unhealthy: empty reply
                  ready   tcp   127.0.0.1:8080                readiness  ok       0/1    0    -        -      never run
                Recent rounds (oldest first)
                """;
        assertThat(print(degraded(recent), SENT, Map.of("LANG", "en_US.UTF-8")))
                .isEqualTo(expectedHead + "  health  ✓✓✓✗✗?\n");
        assertThat(print(degraded(recent), SENT, Map.of("LANG", "en_US.UTF-8", "NO_COLOR", "1")))
                .isEqualTo(expectedHead + "  health  ...xx?\n");
        assertThat(print(degraded(recent), SENT, Map.of("LANG", "C")))
                .isEqualTo(expectedHead + "  health  ...xx?\n");
    }

    @Test
    void noRoundsYetNoStrip() {
        assertThat(print(degraded(List.of()), SENT, Map.of("LANG", "en_US.UTF-8"))).doesNotContain("Recent rounds");
    }
}
