package dev.vigil.api;

/** One {@code depends_on} entry: {@code service} starts only once {@code condition} holds in {@code dependsOn}. */
@Doc("One depends_on entry")
public record GraphEdge(
        @Doc("the service that waits") String service,
        @Doc("the service it waits for") String dependsOn,
        @Doc("started, ready, healthy or completed") String condition,
        @Doc("whether the condition holds now") boolean holds) {
}
