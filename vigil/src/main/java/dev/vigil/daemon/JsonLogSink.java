package dev.vigil.daemon;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.event.VigilEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes every event as one JSON object per line: {@code ts}, {@code level}, {@code event},
 * {@code service}, {@code process}, then the event's own fields, so operators can grep them and
 * ship them to a log stack. The line is formatted on the publisher's thread and handed to
 * {@code lines}, which in the daemon is an {@link AsyncLineWriter}: the supervisor never waits for
 * whoever reads stdout. Thread-safe.
 */
final class JsonLogSink implements EventSink {
    private final ObjectMapper mapper = new ObjectMapper();
    private final Consumer<String> lines;

    JsonLogSink(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public void accept(Instant at, VigilEvent event) {
        lines.accept(format(at, event));
    }

    String format(Instant at, VigilEvent event) {
        StringWriter text = new StringWriter(160);
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format event " + event.type(), e);
        }
        return text.toString();
    }
}
