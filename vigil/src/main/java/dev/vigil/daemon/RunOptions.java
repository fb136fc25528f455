package dev.vigil.daemon;

import dev.vigil.config.DaemonSettings;

/**
 * What makes the daemon {@code vigil run}, a container's entrypoint: reaping of orphans (as PID 1
 * or subreaper), service output on stdout/stderr, and the exit on a FAILED critical service.
 *
 * @param logFormat    overrides {@code [daemon] log_format}; null keeps the config's
 * @param exitOnFailed true: any FAILED service ends the run, whatever {@code [daemon] exit_on_failed} says
 */
public record RunOptions(DaemonSettings.LogFormat logFormat, boolean exitOnFailed) {
}
