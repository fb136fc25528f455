package dev.vigil.supervise;

import java.util.List;

/**
 * What {@link Supervisor#apply} did with a configuration: services added (started if autostart),
 * removed (stopping, gone once stopped), changed (restarting with the new spec, or adopting it
 * while stopped), unchanged (untouched: same processes, same PIDs) and adopted (only
 * {@code depends_on} / {@code restart_dependents} changed: taken in place, nothing restarted).
 */
public record ApplyResult(List<String> added, List<String> removed, List<String> changed, List<String> unchanged,
                          List<String> adopted) {
    /** Nothing adopted. */
    public ApplyResult(List<String> added, List<String> removed, List<String> changed, List<String> unchanged) {
        this(added, removed, changed, unchanged, List.of());
    }

    public ApplyResult {
        adopted = List.copyOf(adopted);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
    }
}
