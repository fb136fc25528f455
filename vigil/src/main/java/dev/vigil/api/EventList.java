package dev.vigil.api;

import java.util.List;

/** Result of {@code vigil.events}: the most recent matching events, oldest first. */
@Doc("Events, oldest first")
public record EventList(@Doc("the events") List<EventRecord> events) {
    public EventList {
        events = List.copyOf(events);
    }
}
