package dev.vigil.api;

import java.time.Instant;

/**
 * Params of {@code vigil.events}: the most recent {@code limit} events (default
 * {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) matching the filters, oldest first.
 */
@Doc("Which events to return")
public record EventsQuery(
        @Doc("only this service's events") @Nullable String name,
        @Doc("only events at or after this instant (ISO-8601)") @Nullable Instant since,
        @Doc("at most this many, 1..1000, default 50") @Nullable Integer limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public EventsQuery {
        limit = limit == null ? DEFAULT_LIMIT : limit;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParamsException("limit", "must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }
}
