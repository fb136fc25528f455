package dev.vigil.store;

import static dev.vigil.store.TestEvent.probeFailed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which events become rows: time is the events' own instants, advanced by hand. */
class EventCoalescerTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private final EventCoalescer coalescer = new EventCoalescer();
    private Instant now = T0;

    private EventCoalescer.Step next(TestEvent event) {
        now = now.plusMillis(100);
        return coalescer.next(new TimedEvent(now, event));
    }

    @Test
    void identicalFailuresOfOneProbeJoinTheFirstRowWhateverTheirLatencyAndCount() {
        assertThat(next(probeFailed("web", "health", "connection refused", 1, 0)))
                .isInstanceOf(EventCoalescer.Step.Insert.class);
        for (int i = 2; i <= 1_000; i++) {
            assertThat(next(probeFailed("web", "health", "connection refused", i, i % 7)))
                    .isInstanceOf(EventCoalescer.Step.Repeat.class);
        }
    }

    @Test
    void anotherReasonStartsANewRow() {
        next(probeFailed("web", "health", "connection refused", 1, 0));
        assertThat(next(probeFailed("web", "health", "timed out after 1s", 2, 1000)))
                .isInstanceOf(EventCoalescer.Step.Insert.class);
        assertThat(next(probeFailed("web", "health", "timed out after 1s", 3, 1000)))
                .isInstanceOf(EventCoalescer.Step.Repeat.class);
    }

    @Test
    void anyOtherEventOfTheServiceEndsItsRunsSoTheHistoryKeepsItsOrder() {
        next(probeFailed("web", "health", "connection refused", 1, 0));
        next(TestEvent.of("restart_triggered", "web"));
        assertThat(next(probeFailed("web", "health", "connection refused", 1, 0)))
                .isInstanceOf(EventCoalescer.Step.Insert.class);
    }

    @Test
    void otherServicesOtherProbesAndDaemonEventsDoNotEndARun() {
        next(probeFailed("web", "health", "connection refused", 1, 0));
        next(probeFailed("web", "ready", "connection refused", 1, 0));
        next(TestEvent.of("restart_triggered", "db"));
        next(TestEvent.of("daemon_started", null));
        assertThat(next(probeFailed("web", "health", "connection refused", 2, 0)))
                .isInstanceOf(EventCoalescer.Step.Repeat.class);
        assertThat(next(probeFailed("web", "ready", "connection refused", 2, 0)))
                .isInstanceOf(EventCoalescer.Step.Repeat.class);
    }

    @Test
    void aRunIsAtMostAnHourSoOldPartsCanBeDeleted() {
        next(probeFailed("web", "health", "connection refused", 1, 0));
        now = now.plus(EventCoalescer.MAX_RUN).minusMillis(200);
        assertThat(next(probeFailed("web", "health", "connection refused", 2, 0)))
                .isInstanceOf(EventCoalescer.Step.Repeat.class);
        now = now.plus(Duration.ofMillis(100));
        assertThat(next(probeFailed("web", "health", "connection refused", 3, 0)))
                .isInstanceOf(EventCoalescer.Step.Insert.class);
    }

    @Test
    void repeatedStatusTextsJoinButANewTextIsANewRow() {
        TestEvent a = new TestEvent("notify_status", "web", "main", Severity.INFO, Map.of("text", "serving"));
        TestEvent b = new TestEvent("notify_status", "web", "main", Severity.INFO, Map.of("text", "draining"));
        assertThat(next(a)).isInstanceOf(EventCoalescer.Step.Insert.class);
        assertThat(next(a)).isInstanceOf(EventCoalescer.Step.Repeat.class);
        assertThat(next(b)).isInstanceOf(EventCoalescer.Step.Insert.class);
        assertThat(next(a)).isInstanceOf(EventCoalescer.Step.Insert.class);
    }

    @Test
    void otherEventTypesAreNeverCoalesced() {
        assertThat(next(TestEvent.of("process_exited", "web"))).isInstanceOf(EventCoalescer.Step.Insert.class);
        assertThat(next(TestEvent.of("process_exited", "web")))
                .isEqualTo(new EventCoalescer.Step.Insert(new TimedEvent(now, TestEvent.of("process_exited", "web")), null));
    }
}
