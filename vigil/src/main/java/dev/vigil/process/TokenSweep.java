package dev.vigil.process;

import dev.vigil.config.UnixSignal;
import java.util.List;

/**
 * Finds and SIGKILLs every live process whose environment carries a Vigil instance token: the
 * descendants that left the process group (double fork + setsid) still inherit the environment.
 * Zombies are skipped (they run nothing; their parent or init reaps them). Only processes of the
 * daemon's own user are readable, which are the only ones it could have started.
 *
 * <p>Stateless; thread-safe.
 */
final class TokenSweep {
    private static final long DEATH_WAIT_NANOS = 2_000_000_000L;

    private final ProcessInspector inspector;
    private final ProcPoll poll;

    TokenSweep(ProcessInspector inspector, ProcPoll poll) {
        this.inspector = inspector;
        this.poll = poll;
    }

    /**
     * Sweeps until a pass finds nothing, at most {@code maxPasses} times (a process that forks
     * between the scan and the kill is caught by the next pass). Each pass waits, up to 2 s, until
     * what it killed is a zombie or gone, so on return nothing with the token runs code any more.
     *
     * @return how many processes were killed
     */
    int killAll(String token, int maxPasses) {
        return killAll(NativeProcessLauncher.INSTANCE_VARIABLE, token, maxPasses);
    }

    /** As {@link #killAll(String, int)}, for a token in environment variable {@code variable}. */
    int killAll(String variable, String token, int maxPasses) {
        int killed = 0;
        long self = ProcessHandle.current().pid();
        for (int pass = 0; pass < maxPasses; pass++) {
            List<Long> found = inspector.processesWithEnvironmentEntry(variable, token)
                    .stream().filter(pid -> pid != self).toList();
            if (found.isEmpty()) {
                break;
            }
            for (long pid : found) {
                if (Signals.send(pid, UnixSignal.KILL.number())) {
                    killed++;
                }
            }
            awaitDeath(found);
        }
        return killed;
    }

    /** Until each of {@code pids} is a zombie or gone, at most 2 s; false when some outlived that. */
    boolean awaitDeath(List<Long> pids) {
        return poll.until(() -> pids.stream().noneMatch(pid -> inspector.stat(pid).filter(s -> !s.exited()).isPresent()),
                poll.ticker().nanoTime() + DEATH_WAIT_NANOS);
    }
}
