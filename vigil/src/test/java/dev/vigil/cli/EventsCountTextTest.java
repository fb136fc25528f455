package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How `vigil events` shows a row of coalesced repeats. */
class EventsCountTextTest {
    private static Map<String, Object> event(long count, String lastTs) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", 7L);
        e.put("ts", "2026-11-29T10:00:00Z");
        e.put("type", "probe_failed");
        e.put("service", "web");
        e.put("process", null);
        e.put("severity", "warn");
        e.put("fields", Map.of("reason", "refused"));
        e.put("count", count);
        e.put("last_ts", lastTs);
        return e;
    }

    @Test
    void aCoalescedRowShowsItsCountAndLastTimeAndASingleEventShowsNeither() {
        String text = EventsCommand.table(List.of(event(120, "2026-11-29T10:00:12Z"), event(1, null))).render("");

        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).contains("probe_failed x120 (last 2026-11-29T10:00:12Z)");
        assertThat(lines.get(1)).contains("probe_failed").doesNotContain(" x1").doesNotContain("last");
    }
}
