package dev.vigil.export;

import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ServiceSpec;
import java.nio.file.Path;
import java.util.Optional;

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

    /**
     * An exec probe's working directory when it is not the config file's own directory (the
     * default, and the directory relative commands were resolved against): only such a cwd says
     * something a platform without per-probe directories loses.
     */
    static Optional<Path> explicitCwd(ProbeSpec probe, ProbeTarget.Exec exec) {
        Path configDir = probe.source().file().toAbsolutePath().getParent();
        return exec.cwd().filter(cwd -> !cwd.equals(configDir));
    }
}
