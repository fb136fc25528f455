package dev.vigil.supervise;

import java.util.List;

/**
 * What {@link Supervisor#apply} did with a configuration: services added (started if autostart),
 * removed (stopping, gone once stopped), changed (restarting with the new spec, or adopting it
 * while stopped) and unchanged (untouched: same processes, same PIDs).
 */
public record ApplyResult(List<String> added, List<String> removed, List<String> changed, List<String> unchanged) {
    public ApplyResult {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
    }
}
