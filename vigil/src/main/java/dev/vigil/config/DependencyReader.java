package dev.vigil.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code depends_on} and {@code restart_dependents} of one service. What needs every file
 * (names that exist, cycles, {@code completed} of a service that restarts) is {@link DependencyChecks}.
 */
final class DependencyReader {
    static final String DEPENDS_ON = "depends_on";
    static final String RESTART_DEPENDENTS = "restart_dependents";
    private static final String TABLE_EXPECTED = "a table of service = condition, e.g. { db = \"ready\", migrate = \"completed\" }";

    private DependencyReader() {
    }

    /** Empty when a problem was reported (the service is then not built). */
    static Optional<DependencySpec> read(String self, TomlReader r) {
        Optional<TomlReader> table = r.table(DEPENDS_ON, TABLE_EXPECTED);
        boolean restartDependents = r.bool(RESTART_DEPENDENTS, false);
        List<Dependency> dependsOn = new ArrayList<>();
        if (table.isPresent()) {
            TomlReader t = table.get();
            Map<String, DependencyCondition> options = new LinkedHashMap<>();
            Arrays.stream(DependencyCondition.values()).forEach(c -> options.put(c.word(), c));
            for (String name : t.keys()) {
                if (!ServiceReader.checkName(t, name)) {
                    r.markFailed(DEPENDS_ON);
                    continue;
                }
                if (name.equals(self)) {
                    t.problem(name, TomlValues.quote(name), "a service cannot depend on itself",
                            "the name of another service");
                    r.markFailed(DEPENDS_ON);
                    continue;
                }
                Optional<DependencyCondition> condition = t.choice(name, options);
                if (condition.isEmpty()) {
                    r.markFailed(DEPENDS_ON);
                    continue;
                }
                dependsOn.add(new Dependency(name, condition.get(), t.keyAt(name)));
            }
        }
        if (r.failed(DEPENDS_ON, RESTART_DEPENDENTS)) {
            return Optional.empty();
        }
        return Optional.of(new DependencySpec(dependsOn, restartDependents));
    }

    /** The field path of one entry, as messages name it: {@code services.web.depends_on.db}. */
    static String field(String service, String dependency) {
        return "services." + service + "." + DEPENDS_ON + "." + dependency.toLowerCase(Locale.ROOT);
    }
}
