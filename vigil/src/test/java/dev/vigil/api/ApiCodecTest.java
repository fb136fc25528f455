package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.json.JsonException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JDK-only codec writes every API record byte for byte as the daemon's Jackson configuration
 * did ({@link ApiJson}, kept in the tests as the reference), and reads it back into an equal record.
 */
class ApiCodecTest {

    private static final Instant NOW = FakeControlHandler.NOW;
    private final ObjectMapper jackson = ApiJson.mapper();
    private final FakeControlHandler handler = new FakeControlHandler();

    /** Every result record the API answers with, with nulls, nesting, lists, maps and awkward strings. */
    private List<Record> results() {
        List<Record> all = new ArrayList<>();
        all.add(handler.list());
        for (ServiceSummary s : handler.list().services()) {
            all.add(handler.status(new ServiceName(s.name())));
        }
        all.add(handler.start(Selection.everything()));
        all.add(handler.logs(new LogsQuery("os", null, null, null)));
        all.add(handler.events(new EventsQuery(null, null, null)));
        all.add(handler.reload());
        all.add(new AlertTestResults(List.of(new AlertTestOutcome("pager", "webhook:json", false, "HTTP 500"))));
        LastRestart last = new LastRestart(NOW.minusMillis(1500), "health: timed out after 1s (GET /health), 2/2");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason", "tab\t nl\n quote\" back\\ bell\u0007 esc\u001b é 😀 \u2028");
        fields.put("attempt", 3L);
        fields.put("ratio", 0.25);
        fields.put("ok", true);
        fields.put("none", null);
        fields.put("list", List.of(1L, "two", List.of()));
        fields.put("nested", Map.of("k", "v"));
        EventRecord coalesced = new EventRecord(9_000_000_000L, NOW.plusNanos(123_456_000), "probe_failed", "web", null, "warn",
                fields, 120, NOW.plusSeconds(60));
        all.add(new EventList(List.of(coalesced)));
        all.add(new ServiceList(List.of(new ServiceSummary("web", ServiceState.DEGRADED, "r", NOW, List.of(1L, 2L), 5L, 3,
                NOW.plusSeconds(1), "warming", List.of(new FailingProbe("health", "refused", 2, 3)), last))));
        all.add(new ServiceDetail("web", ServiceState.STOPPING, null, NOW, 0, null, null,
                List.of(new ProcessDetail("p", 1L, 1L, NOW, 10L, true, new ProcessExit(NOW, 1, null, "exited with code 1"))),
                List.of(new ProbeDetail("h", "http", "http://127.0.0.1:1/", "readiness", null, null, 0, 0, 1, false, null)),
                List.of(coalesced), last));
        all.add(new LogPage(List.of(), 0, 7));
        all.add(new CommandResults(List.of(new CommandResult("web", false, ServiceState.FAILED, "could not start"))));
        return all;
    }

    @Test
    void everyResultIsWrittenExactlyAsJacksonWroteIt() throws Exception {
        for (Record r : results()) {
            assertThat(ApiCodec.SERVER.write(r)).as(r.getClass().getSimpleName()).isEqualTo(jackson.writeValueAsString(r));
        }
    }

    /** Equal as written: an event's free-form fields come back with every integer a Long, whatever it was. */
    @Test
    void everyResultReadsBackEqual() throws Exception {
        for (Record r : results()) {
            String text = jackson.writeValueAsString(r);
            Record back = ApiCodec.CLIENT.read(text, r.getClass());
            assertThat(back).as(r.getClass().getSimpleName()).isInstanceOf(r.getClass());
            assertThat(ApiCodec.SERVER.write(back)).as(r.getClass().getSimpleName()).isEqualTo(text);
        }
        ServiceList list = handler.list();
        assertThat(ApiCodec.CLIENT.read(ApiCodec.SERVER.write(list), ServiceList.class)).isEqualTo(list);
    }

    @Test
    void everyParamsRecordReadsBackEqual() throws Exception {
        List<Record> params = List.of(new NoParams(), new ServiceName("web"), Selection.of("a", "b"), Selection.everything(),
                new EventsQuery("web", NOW, 10), new EventsQuery(null, null, null), new LogsQuery("web", "ui", 5, 42L),
                new AlertTestParams("pager"), new AlertTestParams(null));
        for (Record p : params) {
            assertThat(ApiCodec.SERVER.read(jackson.writeValueAsString(p), p.getClass())).isEqualTo(p);
        }
    }

    @Test
    void aNewerDaemonsExtraFieldsAreIgnoredByClientsAndRejectedInParams() {
        String summary = "{\"name\":\"web\",\"state\":\"running\",\"reason\":null,\"since\":\"2026-11-23T10:00:00Z\",\"pids\":[1],"
                + "\"uptime_ms\":5,\"restarts\":0,\"next_retry\":null,\"status_text\":null,\"failing_probes\":[],"
                + "\"last_restart\":null,\"restarts_last_hour\":0,\"restarts_last_day\":0,\"next_action\":\"none\","
                + "\"next_action_at\":null,\"probe_history\":[{\"x\":1}]}";
        assertThat(ApiCodec.CLIENT.read(summary, ServiceSummary.class).pids()).containsExactly(1L);
        assertThatThrownBy(() -> ApiCodec.SERVER.read("{\"name\":\"web\",\"bogus\":1}", ServiceName.class))
                .isInstanceOf(JsonException.class).hasMessage("$.bogus: unknown field; known: name");
    }

    @Test
    void aWrongValueDeepInAnAnswerIsNamedByItsPath() {
        String detail = "{\"name\":\"web\",\"state\":\"running\",\"reason\":null,\"since\":\"2026-11-23T10:00:00Z\",\"restarts\":0,"
                + "\"next_retry\":null,\"status_text\":null,\"processes\":[],\"recent_events\":[],\"last_restart\":null,"
                + "\"restarts_last_hour\":0,\"restarts_last_day\":0,\"next_action\":\"none\",\"next_action_at\":null,"
                + "\"probes\":[" + probe("1") + "," + probe("2") + "," + probe("\"12\"") + "]}";
        assertThatThrownBy(() -> ApiCodec.CLIENT.read(detail, ServiceDetail.class))
                .isInstanceOf(JsonException.class)
                .hasMessage("$.probes[2].last.latency_ms: expected an integer, was \"12\"");
        String newerState = detail.replace("\"running\"", "\"dancing\"").replace("\"12\"", "12");
        assertThat(ApiCodec.CLIENT.read(newerState, ServiceDetail.class).state()).as("a newer daemon's state").isNull();
        assertThat(ApiCodec.CLIENT.read(newerState, ServiceDetail.class).probes().get(0).recent())
                .as("an older daemon's probe without recent rounds").isEmpty();
        assertThatThrownBy(() -> ApiCodec.SERVER.read(newerState, ServiceDetail.class))
                .hasMessage("$.state: expected one of starting, running, degraded, backoff, failed, stopping, stopped, waiting, was \"dancing\"");
        assertThatThrownBy(() -> ApiCodec.CLIENT.read(newerState.replace("\"restarts\":0,", ""), ServiceDetail.class))
                .hasMessage("$.restarts: required");
    }

    private static String probe(String latency) {
        return "{\"name\":\"h\",\"kind\":\"tcp\",\"target\":\"t\",\"role\":\"liveness\",\"process\":null,"
                + "\"last\":{\"outcome\":\"healthy\",\"reason\":null,\"latency_ms\":" + latency + ",\"at\":\"2026-11-23T10:00:00Z\"},"
                + "\"consecutive_failures\":0,\"consecutive_successes\":1,\"failure_threshold\":3,\"failing\":false,\"next_run\":null}";
    }

    @Test
    void aParamsRecordsOwnCheckComesThroughAsTheCause() {
        assertThatThrownBy(() -> ApiCodec.SERVER.read("{\"names\":[\"a\"],\"all\":true}", Selection.class))
                .isInstanceOf(JsonException.class)
                .hasMessageStartingWith("$: not a valid Selection: invalid params: names:")
                .hasCauseInstanceOf(InvalidParamsException.class);
    }
}
