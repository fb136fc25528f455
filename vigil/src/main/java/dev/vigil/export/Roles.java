package dev.vigil.export;

import dev.vigil.config.DegradedAction;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ServiceSpec;

/** The role a probe keeps on platforms that know no warn-only liveness. */
final class Roles {
    private Roles() {
    }

    /**
     * A liveness probe of an {@code on_degraded = "warn"} service never restarts anything in
     * Vigil; on a platform whose liveness always restarts, the faithful translation is
     * readiness (the instance is taken out of service, not killed). Recorded as a loss.
     */
    static ProbeRole effective(ServiceSpec service, ProbeSpec probe, Losses losses, String platform) {
        if (probe.role() == ProbeRole.LIVENESS && service.onDegraded() == DegradedAction.WARN) {
            losses.probe(service, probe, "role", "liveness (on_degraded = \"warn\")", "readiness",
                    platform + " has no warn-only liveness");
            return ProbeRole.READINESS;
        }
        return probe.role();
    }

    /** True when a failing probe restarts something in Vigil. */
    static boolean restarts(ServiceSpec service, ProbeSpec probe) {
        return probe.role() == ProbeRole.LIVENESS && service.onDegraded() == DegradedAction.RESTART;
    }
}
