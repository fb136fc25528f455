package dev.vigil.api;

import java.util.List;

/**
 * Params of start/stop/restart/reset: either some names or {@code all: true}, not both.
 * Duplicated names are kept once, in first-seen order. After construction {@code all()} is
 * never null, and {@code names()} is empty exactly when {@code all()} is true; {@code withDependents()}
 * is never null either (false when left out).
 */
@Doc("Some services by name, or all of them")
public record Selection(
        @Doc("service names, at least one unless all is true") @Nullable List<String> names,
        @Doc("true for every configured service") @Nullable Boolean all,
        @Doc("stop only: also stop the services that depend on these (dependents first); without it a stop"
                + " of a service with running dependents is refused") @Nullable Boolean withDependents) {

    /** Without {@code withDependents}. */
    public Selection(List<String> names, Boolean all) {
        this(names, all, null);
    }

    public Selection {
        boolean everything = Boolean.TRUE.equals(all);
        names = names == null ? List.of() : names.stream().distinct().toList();
        if (everything && !names.isEmpty()) {
            throw new InvalidParamsException("names", "give either names or all=true, not both");
        }
        if (!everything && names.isEmpty()) {
            throw new InvalidParamsException("names", "must name at least one service (or pass all=true)");
        }
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new InvalidParamsException("names", "must not contain an empty name");
            }
        }
        all = everything;
        withDependents = Boolean.TRUE.equals(withDependents);
    }

    public static Selection of(String... names) {
        return new Selection(List.of(names), false);
    }

    public static Selection everything() {
        return new Selection(null, true);
    }
}
