package dev.vigil.export;

import dev.vigil.config.ByteSizes;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.ServiceSpec;
import java.util.List;

/**
 * The probes of a service that other platforms can run: all but the {@code memory} probes that
 * {@code restart_on_memory} adds, which measure a process's group from the supervising daemon and
 * have no counterpart in a health check. Each one left out is listed as a loss.
 */
final class ExportedProbes {

    private ExportedProbes() {
    }

    static List<ProbeSpec> of(ServiceSpec service, String platform, Losses losses) {
        for (ProbeSpec probe : service.probes()) {
            if (probe.target() instanceof ProbeTarget.Memory m) {
                service.process(m.process()).ifPresent(process -> losses.add(
                        ConfigFields.process(service, process, "restart_on_memory"),
                        "\"" + ByteSizes.format(m.limitBytes()) + "\"", "not exported",
                        platform + " has no restart on resident memory; give the workload a memory limit instead"));
            }
        }
        return service.probes().stream().filter(p -> !(p.target() instanceof ProbeTarget.Memory)).toList();
    }

    /** For the switches over targets: {@link #of} never hands a memory probe on. */
    static IllegalStateException notExported(ProbeSpec probe) {
        return new IllegalStateException("probe " + probe.name() + " (kind memory) is never exported");
    }
}
