package dev.vigil.process;

import dev.vigil.config.ProcessSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * What to start.
 *
 * @param service  the service's name (exported as VIGIL_SERVICE)
 * @param spec     the process (its name is exported as VIGIL_PROCESS)
 * @param extraEnv environment the daemon adds for this start, such as NOTIFY_SOCKET and
 *                 WATCHDOG_USEC; wins over {@code spec.env()}
 * @param logDir   directory for this process's log files
 */
public record LaunchRequest(String service, ProcessSpec spec, Map<String, String> extraEnv, Path logDir) {
    public LaunchRequest {
        extraEnv = Map.copyOf(extraEnv);
    }
}
