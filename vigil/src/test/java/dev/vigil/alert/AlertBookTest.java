package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.AlertTransport;
import dev.vigil.config.AlertTrigger;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Pairing, grouping and reminders with a fake clock (instants passed in). */
class AlertBookTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private static SupervisorEvent.ServiceStateChanged change(String service, StateKind from, StateKind to, String reason) {
        return new SupervisorEvent.ServiceStateChanged(service, from, to, reason);
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void degradedFiresAfterGroupWaitAndRunningResolves() {
        AlertBook book = new AlertBook(AlertTargets.target(Duration.ofSeconds(10), Optional.empty()), Optional.empty());
        book.observe(at(0), new SupervisorEvent.ProbeFailed("api", null, "health", "http", "http://x", "liveness",
                "status 500", 3L, 3, 3));
        assertThat(book.observe(at(0), change("api", StateKind.RUNNING, StateKind.DEGRADED, "probe health failing"))).isEmpty();
        assertThat(book.due(at(9))).isEmpty();
        assertThat(book.nextDue()).contains(at(10));
        List<AlertNotice> fired = book.due(at(10));
        assertThat(fired).singleElement().satisfies(n -> {
            assertThat(n.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(n.service()).isEqualTo("api");
            assertThat(n.from()).isEqualTo("running");
            assertThat(n.to()).isEqualTo("degraded");
            assertThat(n.reason()).isEqualTo("probe health failing");
            assertThat(n.probe()).isEqualTo("health");
            assertThat(n.severity()).isEqualTo("warn");
            assertThat(n.startsAt()).isEqualTo(at(0));
            assertThat(n.endsAt()).isNull();
        });
        assertThat(book.due(at(1000))).as("no repeat configured").isEmpty();
        List<AlertNotice> resolved = book.observe(at(30), change("api", StateKind.DEGRADED, StateKind.RUNNING, "probes green"));
        assertThat(resolved).singleElement().satisfies(n -> {
            assertThat(n.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(n.from()).isEqualTo("degraded");
            assertThat(n.to()).isEqualTo("running");
            assertThat(n.endsAt()).isEqualTo(at(30));
            assertThat(n.alertId()).isEqualTo(fired.getFirst().alertId());
        });
        assertThat(book.nextDue()).isEmpty();
    }

    @Test
    void aBlipThatClearsWithinGroupWaitSendsNothing() {
        AlertBook book = new AlertBook(AlertTargets.target(Duration.ofSeconds(10), Optional.empty()), Optional.empty());
        book.observe(at(0), change("api", StateKind.RUNNING, StateKind.DEGRADED, "x"));
        assertThat(book.observe(at(5), change("api", StateKind.DEGRADED, StateKind.RUNNING, "ok"))).isEmpty();
        assertThat(book.due(at(100))).isEmpty();
    }

    @Test
    void aHundredEventsInABurstBecomeOneNotification() {
        AlertBook book = new AlertBook(AlertTargets.target(EnumSet.allOf(AlertTrigger.class), Duration.ofSeconds(10),
                Optional.empty(), new AlertTransport.Exec(List.of("/bin/true")), Duration.ofSeconds(5)), Optional.empty());
        for (int i = 0; i < 50; i++) {
            book.observe(at(0).plusMillis(i * 10L), change("api", StateKind.RUNNING, StateKind.DEGRADED, "d" + i));
            book.observe(at(0).plusMillis(i * 10L + 5), new SupervisorEvent.RestartScheduled("api", null, i, 100, "crash"));
        }
        book.observe(at(2), new SupervisorEvent.ServiceFailed("api", "crash loop", 50, 60_000, OptionalLong.empty()));
        List<AlertNotice> fired = book.due(at(10));
        assertThat(fired).singleElement().satisfies(n -> {
            assertThat(n.grouped()).isEqualTo(101);
            assertThat(n.restarts()).isEqualTo(50);
            assertThat(n.events()).containsExactly("degraded", "restarted", "crash_loop");
            assertThat(n.to()).isEqualTo("failed");
            assertThat(n.severity()).isEqualTo("error");
        });
        assertThat(book.due(at(11))).isEmpty();
    }

    @Test
    void repeatRemindsWhileFiring() {
        AlertBook book = new AlertBook(AlertTargets.target(Duration.ZERO, Optional.of(Duration.ofMinutes(60))),
                Optional.of(Duration.ofMinutes(60)));
        List<AlertNotice> first = book.observe(at(0), change("api", StateKind.RUNNING, StateKind.FAILED, "crash loop"));
        assertThat(first).singleElement().extracting(AlertNotice::reminder).isEqualTo(false);
        assertThat(book.due(at(3599))).isEmpty();
        assertThat(book.due(at(3600))).singleElement().satisfies(n -> {
            assertThat(n.reminder()).isTrue();
            assertThat(n.alertId()).isEqualTo(first.getFirst().alertId());
        });
        assertThat(book.due(at(3601))).isEmpty();
        assertThat(book.due(at(7200))).hasSize(1);
    }

    @Test
    void eventsNotInOnOrOtherServicesOrBelowMinSeverityAreIgnored() {
        var target = new dev.vigil.config.AlertTarget("t", EnumSet.of(AlertTrigger.FAILED, AlertTrigger.RECOVERED),
                List.of("api"), dev.vigil.event.Severity.ERROR, new AlertTransport.Exec(List.of("/bin/true")),
                Duration.ofSeconds(5), Optional.empty(), Duration.ZERO,
                new dev.vigil.config.SourceRef(java.nio.file.Path.of("v.toml"), 1, 1));
        AlertBook book = new AlertBook(target, Optional.empty());
        assertThat(book.observe(at(0), change("api", StateKind.RUNNING, StateKind.DEGRADED, "x"))).isEmpty();
        assertThat(book.observe(at(0), change("db", StateKind.RUNNING, StateKind.FAILED, "x"))).isEmpty();
        assertThat(book.observe(at(0), new SupervisorEvent.RestartScheduled("api", null, 1, 10, "x"))).isEmpty();
        assertThat(book.observe(at(1), change("api", StateKind.DEGRADED, StateKind.FAILED, "loop"))).hasSize(1);
    }

    @Test
    void recoveredOffMeansNoResolvedButTheAlertStillCloses() {
        var target = AlertTargets.target(EnumSet.of(AlertTrigger.DEGRADED), Duration.ZERO, Optional.empty(),
                new AlertTransport.Exec(List.of("/bin/true")), Duration.ofSeconds(5));
        AlertBook book = new AlertBook(target, Optional.empty());
        assertThat(book.observe(at(0), change("api", StateKind.RUNNING, StateKind.DEGRADED, "x"))).hasSize(1);
        assertThat(book.observe(at(1), change("api", StateKind.DEGRADED, StateKind.RUNNING, "ok"))).isEmpty();
        assertThat(book.observe(at(2), change("api", StateKind.RUNNING, StateKind.DEGRADED, "again"))).hasSize(1);
    }

    @Test
    void stoppingOnPurposeResolves() {
        AlertBook book = new AlertBook(AlertTargets.target(Duration.ZERO, Optional.empty()), Optional.empty());
        book.observe(at(0), change("api", StateKind.RUNNING, StateKind.FAILED, "loop"));
        assertThat(book.observe(at(5), change("api", StateKind.FAILED, StateKind.STOPPED, "")))
                .singleElement().extracting(AlertNotice::status).isEqualTo(AlertStatus.RESOLVED);
    }
}
