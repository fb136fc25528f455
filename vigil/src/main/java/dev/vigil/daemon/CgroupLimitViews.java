package dev.vigil.daemon;

import dev.vigil.api.CgroupLimits;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.VigilConfig;
import dev.vigil.process.CgroupLimitStatement;
import dev.vigil.process.Cgroups;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code memory_max}/{@code cpu_max} of a service's processes as {@code vigil status} shows
 * them: from the config the daemon applied, and the launcher's one decision whether this machine
 * enforces them (so the answer is the daemon's, not the CLI's look at the machine).
 */
final class CgroupLimitViews {
    private final Supplier<VigilConfig> applied;
    private final Cgroups.Availability cgroups;

    CgroupLimitViews(Supplier<VigilConfig> applied, Cgroups.Availability cgroups) {
        this.applied = applied;
        this.cgroups = cgroups;
    }

    /** By process name, the processes of {@code service} that have cgroup limits; empty when none or unknown. */
    Map<String, CgroupLimits> of(String service) {
        Map<String, CgroupLimits> out = new LinkedHashMap<>();
        for (ServiceSpec spec : applied.get().services()) {
            if (!spec.name().equals(service)) {
                continue;
            }
            for (ProcessSpec process : spec.processes()) {
                CgroupLimitStatement.of(service, process.name(), process.controls(), cgroups).ifPresent(s ->
                        out.put(process.name(), new CgroupLimits(s.memoryMax().orElse(null), s.cpuMax().orElse(null),
                                s.enforced(), s.detail(), s.describe())));
            }
        }
        return out;
    }
}
