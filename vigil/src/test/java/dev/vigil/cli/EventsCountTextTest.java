package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.EventRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How `vigil events` shows a row of coalesced repeats. */
class EventsCountTextTest {
    private static EventRecord event(int count, String lastTs) {
        return new EventRecord(7L, Instant.parse("2026-11-29T10:00:00Z"), "probe_failed", "web", null, "warn",
                Map.of("reason", "refused"), count, lastTs == null ? null : Instant.parse(lastTs));
    }

    @Test
    void aCoalescedRowShowsItsCountAndLastTimeAndASingleEventShowsNeither() {
        String text = EventsCommand.table(List.of(event(120, "2026-11-29T10:00:12Z"), event(1, null))).render("");

        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).contains("probe_failed x120 (last 2026-11-29T10:00:12Z)");
        assertThat(lines.get(1)).contains("probe_failed").doesNotContain(" x1").doesNotContain("last");
    }
}
