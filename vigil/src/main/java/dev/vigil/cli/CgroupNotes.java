package dev.vigil.cli;

import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.VigilConfig;
import dev.vigil.process.CgroupLimitStatement;
import dev.vigil.process.Cgroups;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code vigil check} says about {@code memory_max} and {@code cpu_max} when this machine
 * cannot enforce them: the config is valid, but the operator must not believe a limit holds.
 * The look is taken by the CLI's own user; the daemon looks again when it starts and
 * {@code vigil status SERVICE} then says what it found.
 */
final class CgroupNotes {

    private CgroupNotes() {
    }

    static List<String> notes(VigilConfig config, Cgroups.Availability cgroups) {
        List<String> out = new ArrayList<>();
        for (ServiceSpec service : config.services()) {
            for (ProcessSpec process : service.processes()) {
                CgroupLimitStatement.of(service.name(), process.name(), process.controls(), cgroups)
                        .filter(s -> !s.enforced())
                        .ifPresent(s -> out.add("note: services." + service.name() + " process " + process.name() + ": "
                                + s.describe() + " (as seen by vigil check; vigil status " + service.name()
                                + " says what the daemon found)"));
            }
        }
        return out;
    }
}
