package dev.vigil.api;

import java.util.List;

/** The services and their {@code depends_on} entries: what {@code vigil list --tree} draws. */
@Doc("Every service (nodes) and every depends_on entry (edges)")
public record DependencyGraph(
        @Doc("every configured service, sorted by name") List<GraphNode> nodes,
        @Doc("one per depends_on entry, sorted by service then dependency") List<GraphEdge> edges) {

    public DependencyGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }
}
