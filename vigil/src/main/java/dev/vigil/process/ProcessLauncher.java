package dev.vigil.process;

/**
 * Starts the processes of services. The real implementation puts each process in its own
 * session and process group, captures its output, and reports its exit; tests use a scripted one.
 *
 * <p>Implementations are thread-safe.
 */
public interface ProcessLauncher {

    /**
     * Starts one process.
     *
     * @return a handle to the running process
     * @throws LaunchException when the process could not be started at all (missing binary, bad
     *                         cwd, fork failure); the message says which, for the operator
     */
    RunningProcess launch(LaunchRequest request) throws LaunchException;
}
