package dev.vigil.event;

import java.util.Map;

/**
 * One typed thing that happened, the single source for the JSON log line, the event store, the
 * metrics, the dashboard and the tests that wait on it.
 *
 * <p>Concrete events are records (for example {@code ServiceStateChanged}, {@code ProcessExited})
 * defined by the package that produces them. Consumers that do not know the concrete type (the
 * store, the log writer) use only this interface, so adding an event never touches them.
 */
public interface VigilEvent {

    /** A stable, snake_case name such as {@code process_exited}; part of the log and API contract. */
    String type();

    /** The service this event concerns, or {@code null} for daemon-wide events. */
    String service();

    /** The process within the service, or {@code null} when the event is about the whole service. */
    String process();

    Severity severity();

    /**
     * The event's own fields, in a stable order, with values that are JSON scalars (String,
     * Number, Boolean), lists or maps of them. Must not repeat type, service or process.
     */
    Map<String, Object> fields();
}
