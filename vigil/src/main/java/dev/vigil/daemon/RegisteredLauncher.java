package dev.vigil.daemon;

import dev.vigil.process.LaunchException;
import dev.vigil.process.LaunchRecord;
import dev.vigil.process.LaunchRequest;
import dev.vigil.process.ProcessLauncher;
import dev.vigil.process.RunningProcess;
import dev.vigil.store.ProcessBook;

/**
 * Wraps the real launcher so that the store always knows which process groups this daemon is
 * responsible for: a row is written right after a launch and removed only once the leader has
 * exited and everything it left in its group (or that escaped with its instance token) is dead.
 *
 * <p>Killing the rest of the group when the leader exits is deliberate: whatever a dead leader
 * left behind is no longer supervised, and a later start would run beside it. This is what makes
 * "no orphans" hold even when the core never asked for a stop.
 *
 * <p>Recording is never a precondition of supervising: when the row cannot be written (a full
 * disk), the process runs all the same and the {@link ProcessBook} writes the row once it can (and
 * says so meanwhile); a crashed service is restarted either way.
 */
final class RegisteredLauncher implements ProcessLauncher {
    private final ProcessLauncher real;
    private final ProcessBook registry;
    private final LogJournal journal;

    RegisteredLauncher(ProcessLauncher real, ProcessBook registry, LogJournal journal) {
        this.real = real;
        this.registry = registry;
        this.journal = journal;
    }

    @Override
    public RunningProcess launch(LaunchRequest request) throws LaunchException {
        RunningProcess process = real.launch(request);
        LaunchRecord record = LaunchRecord.of(request, process);
        registry.record(record);
        journal.attach(request.service(), request.spec().name(), process);
        process.exit().whenComplete((status, failure) -> {
            process.killAll();
            registry.remove(record.instanceToken());
        }).exceptionally(failure -> {
            FatalErrors.surface(failure);
            return null;
        });
        return process;
    }
}
