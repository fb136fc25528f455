package dev.vigil.process;

import dev.vigil.config.ByteSizes;
import dev.vigil.config.ProcessControls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the operator is told about one process's {@code memory_max} and {@code cpu_max}: whether
 * they hold on this machine, and where or why not. One wording for {@code vigil check} (from the
 * CLI's own look at the machine) and {@code vigil status} (from the daemon's, which decides).
 *
 * @param memoryMax config syntax ("512MiB"), empty when not asked for
 * @param cpuMax    config syntax ("50%"), empty when not asked for
 * @param enforced  true when the process gets its own cgroup with these limits
 * @param detail    the cgroup directory when enforced, else why not
 */
public record CgroupLimitStatement(Optional<String> memoryMax, Optional<String> cpuMax, boolean enforced, String detail) {

    /** The statement for {@code process} of {@code service}; empty when it asks for no cgroup limit. */
    public static Optional<CgroupLimitStatement> of(String service, String process, ProcessControls controls,
            Cgroups.Availability cgroups) {
        if (!controls.wantsCgroup()) {
            return Optional.empty();
        }
        Optional<String> memory = controls.memoryMax().isPresent()
                ? Optional.of(ByteSizes.format(controls.memoryMax().getAsLong())) : Optional.empty();
        Optional<String> cpu = controls.cpuMaxPercent().isPresent()
                ? Optional.of(controls.cpuMaxPercent().getAsInt() + "%") : Optional.empty();
        return Optional.of(switch (cgroups) {
            case Cgroups.Availability.Available a ->
                    new CgroupLimitStatement(memory, cpu, true, a.dirFor(service, process).toString());
            case Cgroups.Availability.Unavailable u -> new CgroupLimitStatement(memory, cpu, false, u.reason());
        });
    }

    /** "memory_max 512MiB and cpu_max 50% NOT enforced: /sys/fs/cgroup is tmpfs, not cgroup2 ...". */
    public String describe() {
        List<String> limits = new ArrayList<>();
        memoryMax.ifPresent(m -> limits.add("memory_max " + m));
        cpuMax.ifPresent(c -> limits.add("cpu_max " + c));
        String which = String.join(" and ", limits);
        return enforced ? which + " enforced in cgroup " + detail : which + " NOT enforced: " + detail;
    }
}
