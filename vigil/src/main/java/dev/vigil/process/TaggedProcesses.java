package dev.vigil.process;

import dev.vigil.time.Ticker;

/**
 * Kills processes that Vigil ran outside its launcher (exec probes) by a token they inherit in
 * their environment: descendants that left the process group and the session ({@code setsid})
 * still carry it. See {@link TokenSweep} for what is and is not found. Stateless; thread-safe.
 */
public final class TaggedProcesses {
    private static final int MAX_SWEEPS = 5;

    private final TokenSweep sweep;

    /** Reads {@code inspector}'s /proc; waits for deaths on {@code ticker}, sleeping between looks. */
    public TaggedProcesses(ProcessInspector inspector, Ticker ticker) {
        this.sweep = new TokenSweep(inspector, ProcPoll.sleeping(ticker));
    }

    /**
     * SIGKILLs every live process whose environment holds {@code variable=token}, pass after pass
     * until one finds nothing, waiting (up to 2 s a pass) until they are gone or zombies.
     *
     * @return how many were killed
     */
    public int killAll(String variable, String token) {
        return sweep.killAll(variable, token, MAX_SWEEPS);
    }
}
