package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.FailingProbe;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code vigil list}: the next action after the reason of a service that is not running, and {@code --wide}. */
class ListNextActionTest {
    private static final Instant SENT = Instant.parse("2026-11-23T10:00:00Z");

    private static final List<ServiceSummary> SERVICES = List.of(
            new ServiceSummary("api", ServiceState.DEGRADED, "health: empty reply (GET /health), 1/3", SENT.minusSeconds(5),
                    List.of(41L), 60_000L, 0, null, null, List.of(new FailingProbe("health", "empty reply", 1, 3)), null, 0, 0,
                    "restart after 2 more failures of health", null),
            new ServiceSummary("batch", ServiceState.STOPPED, "stopped by request", SENT.minusSeconds(600), List.of(), null, 0, null,
                    null, List.of(), null, 0, 0, "no action (stopped)", null),
            new ServiceSummary("cron", ServiceState.FAILED, "crash loop: 5 restarts within 60s", SENT.minusSeconds(60), List.of(),
                    null, 7, SENT.plusSeconds(295), null, List.of(), null, 2, 5, "retry in 4m55s", SENT.plusSeconds(295)),
            new ServiceSummary("web", ServiceState.RUNNING, null, SENT.minusSeconds(7200), List.of(1234L), 7_200_000L, 1, null, null,
                    List.of(), null, 1, 1, "restart if it exits", null));

    @Test
    void theDefaultTableAppendsTheNextActionToTheReasonCountedDownNow() {
        assertThat(ListCommand.table(SERVICES, SENT.plusSeconds(10), false, false).render("")).isEqualTo("""
                STATE       NAME   PIDS  UPTIME  RESTARTS  REASON
                ◐ degraded  api    41    1m00s   0         health: empty reply, 1/3 — restart after 2 more failures of health
                ○ stopped   batch  -     -       0         stopped by request
                ✕ failed    cron   -     -       7         crash loop: 5 restarts within 60s — retry in 4m45s
                ● running   web    1234  2h00m   1
                """);
    }

    @Test
    void wideAddsRecentRestartsAndEveryNextAction() {
        assertThat(ListCommand.table(SERVICES, SENT, true, false).render("")).isEqualTo("""
                STATE       NAME   PIDS  UPTIME  RESTARTS  RESTARTS(1H/24H)  NEXT                                     REASON
                ◐ degraded  api    41    1m00s   0         0/0               restart after 2 more failures of health  health: empty reply, 1/3
                ○ stopped   batch  -     -       0         0/0               no action (stopped)                      stopped by request
                ✕ failed    cron   -     -       7         2/5               retry in 4m55s                           crash loop: 5 restarts within 60s
                ● running   web    1234  2h00m   1         1/1               restart if it exits
                """);
    }

    @Test
    void aDaemonWithoutANextActionKeepsTheOldRetryText() {
        ServiceSummary old = new ServiceSummary("cron", ServiceState.BACKOFF, "exited with code 1", SENT, List.of(), null, 2,
                SENT.plusSeconds(4), null, List.of(), null, 0, 0, null, null);
        assertThat(ListCommand.reason(old, SENT)).isEqualTo("exited with code 1; retry in 4s");
        assertThat(ListCommand.withNext(ListCommand.reason(old, SENT), ListCommand.next(old, SENT)))
                .isEqualTo("exited with code 1; retry in 4s");
    }
}
