package dev.vigil.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Draws a {@code vigil.graph} result as a tree: services that depend on nothing at the top, each
 * service under every service it depends on, with the condition (and whether it holds) and its
 * state. A service under several parents is marked with the others ("also under ..."); its own
 * dependents are drawn once, at its first place, so a wide diamond cannot multiply the output.
 */
final class DependencyTree {
    private record Edge(String service, String dependsOn, String condition, boolean holds) {}

    private final Map<String, Map<String, Object>> nodes = new TreeMap<>();
    /** dependency -> the edges of the services that depend on it, sorted by service. */
    private final Map<String, List<Edge>> children = new TreeMap<>();
    /** service -> the services it depends on. */
    private final Map<String, List<String>> parents = new LinkedHashMap<>();
    private final Set<String> drawn = new HashSet<>();

    DependencyTree(Map<String, Object> graph) {
        for (Map<String, Object> n : Fields.objects(graph, "nodes")) {
            nodes.put(Fields.str(n, "name"), n);
        }
        for (Map<String, Object> e : Fields.objects(graph, "edges")) {
            Edge edge = new Edge(Fields.str(e, "service"), Fields.str(e, "depends_on"), Fields.str(e, "condition"),
                    Fields.bool(e, "holds"));
            children.computeIfAbsent(edge.dependsOn(), k -> new ArrayList<>()).add(edge);
            parents.computeIfAbsent(edge.service(), k -> new ArrayList<>()).add(edge.dependsOn());
        }
        children.values().forEach(list -> list.sort(java.util.Comparator.comparing(Edge::service)));
    }

    /** The rows: tree with glyph and name, condition, state, reason. */
    void render(Table table, boolean colour) {
        table.row("SERVICE", "NEEDS", "STATE", "REASON");
        for (String name : nodes.keySet()) {
            if (!parents.containsKey(name)) {
                row(table, colour, "", "", name, null);
                drawChildren(table, colour, name, "");
            }
        }
    }

    private void drawChildren(Table table, boolean colour, String name, String indent) {
        drawn.add(name);
        List<Edge> below = children.getOrDefault(name, List.of());
        for (int i = 0; i < below.size(); i++) {
            Edge e = below.get(i);
            boolean last = i == below.size() - 1;
            row(table, colour, indent + (last ? "└─ " : "├─ "), e.condition() + (e.holds() ? " ✓" : " ✗"), e.service(), e);
            if (!drawn.contains(e.service())) {
                drawChildren(table, colour, e.service(), indent + (last ? "   " : "│  "));
            }
        }
    }

    private void row(Table table, boolean colour, String branch, String needs, String name, Edge via) {
        Map<String, Object> node = nodes.get(name);
        String state = node == null ? null : Fields.str(node, "state");
        StateStyle style = StateStyle.of(state);
        List<String> notes = new ArrayList<>();
        String reason = node == null ? null : Fields.str(node, "reason");
        if (reason != null) {
            notes.add(reason);
        }
        List<String> others = via == null ? List.of()
                : parents.getOrDefault(name, List.of()).stream().filter(p -> !p.equals(via.dependsOn())).toList();
        if (!others.isEmpty()) {
            notes.add("also under " + String.join(", ", others) + (drawn.contains(name) ? "; its dependents are shown there" : ""));
        }
        table.row(branch + style.glyph() + " " + name, needs, style.paint(state == null ? "unknown" : state, colour),
                String.join("; ", notes));
    }
}
