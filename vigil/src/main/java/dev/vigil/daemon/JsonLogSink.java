package dev.vigil.daemon;

import dev.vigil.event.VigilEvent;
import dev.vigil.json.Json;
import dev.vigil.json.JsonException;
import java.util.Map;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes every event as one JSON object per line: {@code ts}, {@code level}, {@code event},
 * {@code service}, {@code process}, then the event's own fields, so operators can grep them and
 * ship them to a log stack. The line is formatted on the publisher's thread and handed to
 * {@code lines}, which in the daemon is an {@link AsyncLineWriter}: the supervisor never waits for
 * whoever reads stdout. Thread-safe.
 *
 * <p>Each member is written in turn (not collected into a map first), so the line has the same
 * bytes as when Jackson's generator wrote it, even for a field that repeats a common key.
 */
final class JsonLogSink implements EventSink {
    private final Consumer<String> lines;

    JsonLogSink(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public void accept(Instant at, VigilEvent event) {
        lines.accept(format(at, event));
    }

    String format(Instant at, VigilEvent event) {
        StringBuilder json = new StringBuilder(160);
        json.append('{');
        member(json, "ts", at.toString());
        member(json, "level", event.severity().name().toLowerCase(java.util.Locale.ROOT));
        member(json, "event", event.type());
        if (event.service() != null) {
            member(json, "service", event.service());
        }
        if (event.process() != null) {
            member(json, "process", event.process());
        }
        try {
            for (Map.Entry<String, Object> field : event.fields().entrySet()) {
                member(json, field.getKey(), field.getValue());
            }
        } catch (JsonException e) {
            throw new IllegalArgumentException("cannot format event " + event.type() + ": " + e.getMessage(), e);
        }
        return json.append('}').toString();
    }

    private static void member(StringBuilder json, String key, Object value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append(Json.write(key)).append(':').append(Json.write(value));
    }
}
