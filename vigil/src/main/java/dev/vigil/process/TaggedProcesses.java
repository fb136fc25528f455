package dev.vigil.process;

/**
 * Kills processes that Vigil ran outside its launcher (exec probes) by a token they inherit in
 * their environment: descendants that left the process group and the session ({@code setsid})
 * still carry it. See {@link TokenSweep} for what is and is not found.
 */
public final class TaggedProcesses {
    private static final int MAX_SWEEPS = 5;

    private TaggedProcesses() {
    }

    /**
     * SIGKILLs every live process whose environment holds {@code variable=token}, pass after pass
     * until one finds nothing, waiting (up to 2 s a pass) until they are gone or zombies.
     *
     * @return how many were killed
     */
    public static int killAll(String variable, String token) {
        return TokenSweep.killAll(ProcessInspector.system(), variable, token, MAX_SWEEPS);
    }
}
