package dev.vigil.api;

import java.util.List;

/** Result of {@code vigil.reload} when the new config was valid and applied. Names sorted. */
@Doc("What a reload changed")
public record ReloadResult(
        @Doc("services that were new and started (if autostart)") List<String> added,
        @Doc("services that were removed and stopped") List<String> removed,
        @Doc("services whose spec changed and were restarted") List<String> changed,
        @Doc("services left untouched (same PIDs)") List<String> unchanged,
        @Doc("services whose depends_on / restart_dependents changed and nothing else: taken in place, not"
                + " restarted (same PIDs); also in none of the lists above") List<String> adopted) {

    /** Nothing adopted. */
    public ReloadResult(List<String> added, List<String> removed, List<String> changed, List<String> unchanged) {
        this(added, removed, changed, unchanged, List.of());
    }

    public ReloadResult {
        adopted = adopted == null ? List.of() : List.copyOf(adopted);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
    }
}
