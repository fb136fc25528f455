package dev.vigil.api;

import java.time.Instant;
import java.util.Map;

/** One stored event, as {@code vigil.events} and {@code vigil.status} report it. */
@Doc("One event from the daemon's history")
public record EventRecord(
        @Doc("increasing id, a cursor for paging") long id,
        @Doc("when it happened") Instant ts,
        @Doc("stable snake_case event type, e.g. process_exited") String type,
        @Doc("the service, null for daemon-wide events") @Nullable String service,
        @Doc("the process, null when about the whole service") @Nullable String process,
        @Doc("debug, info, warn or error") String severity,
        @Doc("the event's own fields") Map<String, Object> fields,
        @Doc("how many identical events this one stands for: repeated probe failures and STATUS= texts are "
                + "stored once with a count; 1 for every other event") int count,
        @Doc("when the last of them happened; null when count is 1") @Nullable Instant lastTs) {

    public EventRecord {
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** One event that is not a coalesced repeat. */
    public EventRecord(long id, Instant ts, String type, String service, String process, String severity,
                       Map<String, Object> fields) {
        this(id, ts, type, service, process, severity, fields, 1, null);
    }
}
