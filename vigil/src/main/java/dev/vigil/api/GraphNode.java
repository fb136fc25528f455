package dev.vigil.api;

/** One service in the dependency graph. */
@Doc("One service in the dependency graph")
public record GraphNode(
        @Doc("the service's name") String name,
        @Doc("the current state") ServiceState state,
        @Doc("why the service is in this state, in words; null when there is nothing to say") @Nullable String reason) {
}
