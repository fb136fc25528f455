package dev.vigil.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One process of a service.
 *
 * @param name          unique within the service
 * @param command       argv, non-empty; {@code command[0]} is an absolute path, a path relative to
 *                      {@code cwd}, or a name found on PATH, checked executable at validation time
 * @param env           extra environment, added to the daemon's own
 * @param cwd           working directory (absolute; relative values are resolved against the
 *                      directory of the config file); empty = the config file's directory
 * @param stopSignal    sent to the process group on stop (default TERM)
 * @param stopTimeout   grace between stopSignal and SIGKILL of the group (default 10s)
 * @param type          SIMPLE: started means running once probes allow; NOTIFY: waits for READY=1
 * @param startTimeout  how long a NOTIFY process (or a startup probe) may take before the start
 *                      counts as failed (default 30s)
 * @param watchdog      if present, WATCHDOG=1 must arrive at least this often (implies a notify
 *                      socket, WATCHDOG_USEC is set)
 * @param notifyAccess  whose notify messages are accepted
 * @param jvm           a JVM: SIGQUIT it for a thread dump before a probe-triggered restart
 * @param logs          log capture limits
 * @param controls      identity, environment, umask, resource and cgroup limits
 */
public record ProcessSpec(
        String name,
        List<String> command,
        Map<String, String> env,
        Optional<Path> cwd,
        UnixSignal stopSignal,
        Duration stopTimeout,
        ProcessType type,
        Duration startTimeout,
        Optional<Duration> watchdog,
        NotifyAccess notifyAccess,
        boolean jvm,
        LogSpec logs,
        ProcessControls controls) {

    public ProcessSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    /** A process with no {@link ProcessControls}: the daemon's identity, environment and limits. */
    public ProcessSpec(String name, List<String> command, Map<String, String> env, Optional<Path> cwd,
            UnixSignal stopSignal, Duration stopTimeout, ProcessType type, Duration startTimeout,
            Optional<Duration> watchdog, NotifyAccess notifyAccess, boolean jvm, LogSpec logs) {
        this(name, command, env, cwd, stopSignal, stopTimeout, type, startTimeout, watchdog, notifyAccess, jvm, logs,
                ProcessControls.NONE);
    }

    /** True when this process gets a NOTIFY_SOCKET. */
    public boolean wantsNotifySocket() {
        return type == ProcessType.NOTIFY || watchdog.isPresent();
    }
}
