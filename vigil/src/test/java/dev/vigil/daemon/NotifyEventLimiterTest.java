package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-service limit on notify-driven events, with a fake monotonic clock. */
class NotifyEventLimiterTest {
    private static final long MS = 1_000_000L;
    private final NotifyEventLimiter limiter = new NotifyEventLimiter();

    private static VigilEvent status(String service, int i) {
        return new ServiceNote("notify_status", service, Severity.INFO, Map.of("text", "step " + i));
    }

    @Test
    void aFloodOfDatagramsIsABurstThenOneASecondAndTheRestIsCountedInOneNote() {
        List<VigilEvent> published = new ArrayList<>();
        // 100,000 STATUS= texts over 10 s.
        for (int i = 0; i < 100_000; i++) {
            published.addAll(limiter.admit(status("flood", i), i * 100_000L));
        }
        long passed = published.stream().filter(e -> e.type().equals("notify_status")).count();
        assertThat(passed).isBetween((long) NotifyEventLimiter.BURST, NotifyEventLimiter.BURST + 10L);

        // The next one after a quiet second passes, preceded by the note of what was held back.
        List<VigilEvent> after = limiter.admit(status("flood", -1), 12_000 * MS);
        long notesBefore = published.stream().filter(e -> e.type().equals("notify_events_suppressed"))
                .mapToLong(e -> (Long) e.fields().get("suppressed")).sum();
        assertThat(after).hasSize(2);
        assertThat(after.get(0).type()).isEqualTo("notify_events_suppressed");
        assertThat(after.get(0).service()).isEqualTo("flood");
        assertThat(after.get(0).severity()).isEqualTo(Severity.WARN);
        assertThat(notesBefore + (Long) after.get(0).fields().get("suppressed")).isEqualTo(100_000 - passed);
        assertThat(after.get(1).type()).isEqualTo("notify_status");
    }

    @Test
    void otherEventsAndOtherServicesAreNeverHeldBack() {
        for (int i = 0; i < 1_000; i++) {
            limiter.admit(status("flood", i), 0);
        }
        assertThat(limiter.admit(status("quiet", 1), 0)).hasSize(1);
        List<VigilEvent> exit = limiter.admit(new ServiceNote("process_exited", "flood", Severity.WARN, Map.of()), 0);
        assertThat(exit).extracting(VigilEvent::type).containsExactly("notify_events_suppressed", "process_exited");
        assertThat(limiter.admit(new ServiceNote("daemon_started", null, Severity.INFO, Map.of()), 0)).hasSize(1);
    }
}
