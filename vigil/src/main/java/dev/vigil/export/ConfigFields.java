package dev.vigil.export;

import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ServiceSpec;

/** Dotted config field paths for warnings, as {@code vigil check} names them. */
final class ConfigFields {
    private ConfigFields() {
    }

    /**
     * {@code services.web.KEY} for a single process named after its service (the shorthand),
     * else {@code services.os.processes.ui.KEY}.
     */
    static String process(ServiceSpec service, ProcessSpec process, String key) {
        boolean shorthand = service.processes().size() == 1 && process.name().equals(service.name());
        return "services." + service.name() + (shorthand ? "" : ".processes." + process.name()) + "." + key;
    }
}
