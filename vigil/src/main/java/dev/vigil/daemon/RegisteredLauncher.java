package dev.vigil.daemon;

import dev.vigil.process.LaunchException;
import dev.vigil.process.LaunchRecord;
import dev.vigil.process.LaunchRequest;
import dev.vigil.process.ProcessLauncher;
import dev.vigil.process.RunningProcess;
import dev.vigil.store.ProcessRegistry;
import java.lang.System.Logger.Level;

/**
 * Wraps the real launcher so that the store always knows which process groups this daemon is
 * responsible for: a row is written right after a launch and removed only once the leader has
 * exited and everything it left in its group (or that escaped with its instance token) is dead.
 *
 * <p>Killing the rest of the group when the leader exits is deliberate: whatever a dead leader
 * left behind is no longer supervised, and a later start would run beside it. This is what makes
 * "no orphans" hold even when the core never asked for a stop.
 */
final class RegisteredLauncher implements ProcessLauncher {
    private static final System.Logger LOG = System.getLogger(RegisteredLauncher.class.getName());

    private final ProcessLauncher real;
    private final ProcessRegistry registry;
    private final LogJournal journal;

    RegisteredLauncher(ProcessLauncher real, ProcessRegistry registry, LogJournal journal) {
        this.real = real;
        this.registry = registry;
        this.journal = journal;
    }

    @Override
    public RunningProcess launch(LaunchRequest request) throws LaunchException {
        RunningProcess process = real.launch(request);
        LaunchRecord record = LaunchRecord.of(request, process);
        try {
            registry.record(record);
        } catch (RuntimeException e) {
            // Without the row a crash of this daemon would orphan the process: refuse to run it.
            process.killAll();
            throw new LaunchException("cannot record " + request.service() + "/" + request.spec().name()
                    + " in the store: " + e.getMessage(), e);
        }
        journal.attach(request.service(), request.spec().name(), process);
        process.exit().whenComplete((status, failure) -> {
            process.killAll();
            try {
                registry.remove(record.instanceToken());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot remove " + request.service() + "/" + request.spec().name()
                        + " (pid " + record.pid() + ") from the store; the next start will check it again", e);
            }
        }).exceptionally(failure -> {
            FatalErrors.surface(failure);
            return null;
        });
        return process;
    }
}
