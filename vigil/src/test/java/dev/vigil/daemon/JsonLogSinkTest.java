package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLogSinkTest {

    private record Sample(String service, String process, Map<String, Object> fields) implements VigilEvent {
        @Override public String type() { return "probe_failed"; }
        @Override public Severity severity() { return Severity.WARN; }
    }

    @Test
    void oneEventIsOneJsonLineWithTheCommonFieldsFirst() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        JsonLogSink sink = new JsonLogSink(out::println);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason", "empty reply\nsecond line");
        fields.put("consecutive", 3);
        fields.put("targets", List.of("a", "b"));
        sink.accept(Instant.parse("2026-11-23T10:00:00Z"), new Sample("api", "server", fields));

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(1);
        assertThat(text).startsWith("{\"ts\":\"2026-11-23T10:00:00Z\",\"level\":\"warn\",\"event\":\"probe_failed\","
                + "\"service\":\"api\",\"process\":\"server\",");
        JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.path("reason").asText()).isEqualTo("empty reply\nsecond line");
        assertThat(json.path("consecutive").asInt()).isEqualTo(3);
        assertThat(json.path("targets").get(1).asText()).isEqualTo("b");
    }

    @Test
    void daemonWideEventsHaveNoServiceOrProcess() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new JsonLogSink(out::println)
                .accept(Instant.EPOCH, DaemonEvent.info("daemon_started", Map.of("pid", 7)));
        JsonNode json = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
        assertThat(json.has("service")).isFalse();
        assertThat(json.has("process")).isFalse();
        assertThat(json.path("pid").asInt()).isEqualTo(7);
    }
}
