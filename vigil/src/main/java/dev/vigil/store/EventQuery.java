package dev.vigil.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Which events to read.
 *
 * @param service only this service's events, or all
 * @param since   only events at or after this instant, or all
 * @param limit   at most this many, 1..100000
 * @param order   which end of the history the limit keeps, and the order of the result
 */
public record EventQuery(Optional<String> service, Optional<Instant> since, int limit, Order order) {
    public static final int MAX_LIMIT = 100_000;

    public enum Order { NEWEST_FIRST, OLDEST_FIRST }

    public EventQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("event query limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    /** The newest {@code limit} events of every service, newest first. */
    public static EventQuery newest(int limit) {
        return new EventQuery(Optional.empty(), Optional.empty(), limit, Order.NEWEST_FIRST);
    }

    public EventQuery forService(String name) {
        return new EventQuery(Optional.of(name), since, limit, order);
    }

    public EventQuery since(Instant instant) {
        return new EventQuery(service, Optional.of(instant), limit, order);
    }

    public EventQuery ordered(Order newOrder) {
        return new EventQuery(service, since, limit, newOrder);
    }
}
