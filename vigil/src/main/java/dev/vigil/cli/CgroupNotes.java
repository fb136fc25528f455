package dev.vigil.cli;

import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.VigilConfig;
import dev.vigil.process.Cgroups;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code vigil check} says about {@code memory_max} and {@code cpu_max} when this machine
 * cannot enforce them: the config is valid, but the operator must not believe a limit holds.
 */
final class CgroupNotes {

    private CgroupNotes() {
    }

    static List<String> notes(VigilConfig config, Cgroups.Availability cgroups) {
        List<String> out = new ArrayList<>();
        if (!(cgroups instanceof Cgroups.Availability.Unavailable(String reason))) {
            return out;
        }
        for (ServiceSpec service : config.services()) {
            for (ProcessSpec process : service.processes()) {
                if (process.controls().wantsCgroup()) {
                    List<String> keys = new ArrayList<>();
                    process.controls().memoryMax().ifPresent(m -> keys.add("memory_max"));
                    process.controls().cpuMaxPercent().ifPresent(c -> keys.add("cpu_max"));
                    out.add("note: services." + service.name() + " process " + process.name() + ": "
                            + String.join(" and ", keys) + " NOT enforced on this machine: " + reason);
                }
            }
        }
        return out;
    }
}
