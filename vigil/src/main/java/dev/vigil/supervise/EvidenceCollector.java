package dev.vigil.supervise;

import dev.vigil.config.ProcessSpec;
import dev.vigil.process.RunningProcess;
import java.util.Map;

/**
 * Records what a post-mortem needs just before a probe- or watchdog-triggered restart destroys
 * it: the process state from {@code /proc/PID/stat} (running, sleeping, disk wait, stopped) and
 * {@code wchan}, and for a {@code jvm = true} process a thread dump (SIGQUIT, which lands in its
 * captured log). Called on the process's effect lane, off the supervisor's thread, right before
 * the stop signal (which waits for it on the same lane), so it should be quick (read a few /proc
 * files, send a signal) and must not throw for a process that is gone.
 */
@FunctionalInterface
public interface EvidenceCollector {

    /**
     * @return facts for the {@code evidence_collected} event, as JSON scalars in snake_case (for
     *         example {@code proc_state: "D (disk sleep)"}, {@code wchan: "futex_wait_queue"},
     *         {@code thread_dump: "requested (SIGQUIT), see the process log"}); empty when none
     */
    Map<String, Object> collect(String service, ProcessSpec spec, RunningProcess process);

    /** Collects nothing; the event still records the failing probe. */
    static EvidenceCollector none() {
        return (service, spec, process) -> Map.of();
    }
}
