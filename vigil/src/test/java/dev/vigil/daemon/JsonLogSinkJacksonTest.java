package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The log line is byte for byte what the Jackson-based sink wrote (its code is kept here as the reference). */
class JsonLogSinkJacksonTest {

    private record Sample(String service, String process, Map<String, Object> fields) implements VigilEvent {
        @Override public String type() { return "probe_failed"; }
        @Override public Severity severity() { return Severity.ERROR; }
    }

    private static String jacksonLine(Instant at, VigilEvent event) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        StringWriter text = new StringWriter();
        try (JsonGenerator json = mapper.getFactory().createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("ts", at.toString());
            json.writeStringField("level", event.severity().name().toLowerCase(java.util.Locale.ROOT));
            json.writeStringField("event", event.type());
            if (event.service() != null) {
                json.writeStringField("service", event.service());
            }
            if (event.process() != null) {
                json.writeStringField("process", event.process());
            }
            for (Map.Entry<String, Object> field : event.fields().entrySet()) {
                json.writeFieldName(field.getKey());
                mapper.writeValue(json, field.getValue());
            }
            json.writeEndObject();
        }
        return text.toString();
    }

    @Test
    void everyKindOfFieldValueIsWrittenAsJacksonWroteIt() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason", "ctl\u0000\u001f\u007f \"q\" \\ / \b\f\n\r\t é 😀 \u2028");
        fields.put("ke\"y\n", "odd key");
        fields.put("int", 3);
        fields.put("long", -9_000_000_000L);
        fields.put("double", 1.0E10);
        fields.put("small", 0.1);
        fields.put("float", 1.5f);
        fields.put("decimal", new BigDecimal("1E+400"));
        fields.put("bool", true);
        fields.put("nothing", null);
        fields.put("list", List.of(1, "two", List.of(), Map.of()));
        fields.put("map", Map.of("inner", List.of(false)));
        fields.put("ts", "a field named like a common key");
        Instant at = Instant.parse("2026-11-29T10:00:00.123456789Z");
        for (VigilEvent e : List.of(new Sample("api", "server", fields), new Sample(null, null, Map.of()),
                new Sample("web", null, Map.of("pid", 7)))) {
            assertThat(new JsonLogSink(line -> { }).format(at, e)).isEqualTo(jacksonLine(at, e));
        }
    }
}
