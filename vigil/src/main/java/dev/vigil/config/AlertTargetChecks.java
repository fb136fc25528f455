package dev.vigil.config;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks of {@code [[notify]]} targets that need every file: unique names, services that exist. */
final class AlertTargetChecks {

    private AlertTargetChecks() {
    }

    /** Adds {@code fresh} to {@code all}, reporting a name already used in an earlier file. */
    static void addAcrossFiles(List<AlertTarget> all, List<AlertTarget> fresh, Problems problems) {
        for (AlertTarget t : fresh) {
            all.stream().filter(e -> e.name().equals(t.name())).findFirst().ifPresentOrElse(
                    earlier -> problems.add(t.where(), "notify", TomlValues.quote(t.name()),
                            "name is used twice: here and at " + earlier.where(), "a name unique among [[notify]] entries"),
                    () -> all.add(t));
        }
    }

    /** A target naming a service that no file declares would silently never fire. */
    static void servicesExist(List<AlertTarget> alerts, List<ServiceSpec> services, ProblemLog problems) {
        Set<String> known = services.stream().map(ServiceSpec::name).collect(Collectors.toSet());
        for (AlertTarget t : alerts) {
            for (String s : t.services()) {
                if (!known.contains(s)) {
                    String hint = Suggestions.closest(s, known).map(c -> "did you mean " + TomlValues.quote(c) + "? ")
                            .orElse("");
                    problems.add(new ConfigProblem(t.where().file(), t.where().line(), t.where().column(),
                            "notify.services", TomlValues.quote(s), hint + "a declared service", "is not a declared service"));
                }
            }
        }
    }
}
