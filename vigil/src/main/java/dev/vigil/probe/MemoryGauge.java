package dev.vigil.probe;

/**
 * Measures the resident memory of a supervised process's group, for the {@code memory} probes
 * that {@code restart_on_memory} adds. The daemon's gauge reads the process's cgroup or
 * {@code /proc}; tests script one.
 *
 * <p>Implementations are thread-safe and called from probe round threads, never from the
 * supervisor's thread. They may block for as long as reading a few kernel files takes.
 */
@FunctionalInterface
public interface MemoryGauge {

    /** A gauge for probers without a daemon (e.g. {@code vigil probe}): nothing is ever measured. */
    MemoryGauge NONE = (service, process) ->
            new MemoryReading.Unreadable("resident memory is measured by the daemon only");

    /** The resident memory of {@code process} of {@code service} now. */
    MemoryReading read(String service, String process);
}
