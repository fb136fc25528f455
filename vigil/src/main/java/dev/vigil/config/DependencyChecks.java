package dev.vigil.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of {@code depends_on} that need every file: each named service exists, {@code completed}
 * names a one-shot service, and the graph has no cycle (each cycle is reported once, named
 * {@code a -> b -> a}, at the entry that closes it).
 */
final class DependencyChecks {

    private DependencyChecks() {
    }

    static void check(List<ServiceSpec> services, ProblemLog problems) {
        Map<String, ServiceSpec> byName = new LinkedHashMap<>();
        services.forEach(s -> byName.put(s.name(), s));
        boolean edgesOk = true;
        for (ServiceSpec s : services) {
            for (Dependency d : s.dependencies().dependsOn()) {
                ServiceSpec target = byName.get(d.service());
                if (target == null) {
                    String hint = Suggestions.closest(d.service(), byName.keySet())
                            .map(c -> "did you mean " + TomlValues.quote(c) + "? ").orElse("");
                    add(problems, s, d, "is not a declared service", hint + "one of the declared services: "
                            + String.join(", ", byName.keySet()));
                    edgesOk = false;
                } else if (d.condition() == DependencyCondition.COMPLETED && target.restart().mode() != RestartMode.NEVER) {
                    add(problems, s, d, "condition \"completed\" needs a one-shot service, but services." + target.name()
                                    + " has restart = " + TomlValues.quote(target.restart().mode().name().toLowerCase(java.util.Locale.ROOT)
                                    .replace('_', '-')) + ", so it is restarted instead of completing",
                            "restart = \"never\" in [services." + target.name() + "], or condition \"started\", \"ready\" or \"healthy\"");
                }
            }
        }
        if (edgesOk) {
            cycles(services, byName, problems);
        }
    }

    private static void add(ProblemLog problems, ServiceSpec s, Dependency d, String message, String expected) {
        SourceRef at = d.where() == null ? s.source() : d.where();
        problems.add(new ConfigProblem(at.file(), at.line(), at.column(), DependencyReader.field(s.name(), d.service()),
                TomlValues.quote(d.service()), expected, message));
    }

    /**
     * Depth-first search in declaration order, with an explicit stack (a chain of 10,000 services
     * must not overflow the thread's stack); an edge back onto the current path closes a cycle.
     */
    private static void cycles(List<ServiceSpec> services, Map<String, ServiceSpec> byName, ProblemLog problems) {
        Set<String> done = new HashSet<>();
        Map<String, Integer> onPath = new HashMap<>();
        List<ServiceSpec> path = new ArrayList<>();
        List<Integer> nextEdge = new ArrayList<>();
        for (ServiceSpec root : services) {
            if (done.contains(root.name())) {
                continue;
            }
            onPath.put(root.name(), 0);
            path.add(root);
            nextEdge.add(0);
            while (!path.isEmpty()) {
                ServiceSpec s = path.getLast();
                List<Dependency> edges = s.dependencies().dependsOn();
                int i = nextEdge.getLast();
                if (i == edges.size()) {
                    path.removeLast();
                    nextEdge.removeLast();
                    onPath.remove(s.name());
                    done.add(s.name());
                    continue;
                }
                nextEdge.set(nextEdge.size() - 1, i + 1);
                Dependency d = edges.get(i);
                Integer start = onPath.get(d.service());
                if (start != null) {
                    List<String> cycle = new ArrayList<>(path.subList(start, path.size()).stream().map(ServiceSpec::name).toList());
                    cycle.add(d.service());
                    add(problems, s, d, "is a dependency cycle: " + String.join(" -> ", cycle),
                            "remove one of these depends_on entries: services that wait for each other never start");
                } else if (!done.contains(d.service())) {
                    onPath.put(d.service(), path.size());
                    path.add(byName.get(d.service()));
                    nextEdge.add(0);
                }
            }
        }
    }
}
