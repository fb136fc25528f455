package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code vigil list --tree}: the drawing of a {@code vigil.graph} result. */
class DependencyTreeTest {

    static Map<String, Object> node(String name, String state, String reason) {
        return reason == null ? Map.of("name", name, "state", state) : Map.of("name", name, "state", state, "reason", reason);
    }

    static Map<String, Object> edge(String service, String dependsOn, String condition, boolean holds) {
        return Map.of("service", service, "depends_on", dependsOn, "condition", condition, "holds", holds);
    }

    @Test
    void eachServiceUnderEveryServiceItDependsOnWithConditionAndState() {
        Map<String, Object> graph = Map.of(
                "nodes", List.of(node("app", "running", null), node("cache", "running", null), node("db", "running", null),
                        node("migrate", "stopped", "migrate exited: exit code 0"),
                        node("web", "waiting", "waiting for app: healthy"), node("solo", "running", null)),
                "edges", List.of(edge("app", "db", "ready", true), edge("app", "cache", "started", true),
                        edge("migrate", "db", "ready", true), edge("web", "app", "healthy", false)));
        Table table = new Table();
        new DependencyTree(graph).render(table, false);
        assertThat(table.render("")).isEqualTo("""
                SERVICE       NEEDS      STATE    REASON
                ● cache                  running
                └─ ● app      started ✓  running  also under db
                   └─ ◌ web   healthy ✗  waiting  waiting for app: healthy
                ● db                     running
                ├─ ● app      ready ✓    running  also under cache; its dependents are shown there
                └─ ○ migrate  ready ✓    stopped  migrate exited: exit code 0
                ● solo                   running
                """);
    }
}
