package dev.vigil.api;

/**
 * What the daemon does for each control method. The daemon implements this against the
 * supervisor core; {@link ControlServer} maps JSON-RPC methods onto it.
 *
 * <p>Threading: methods are called on connection threads (one virtual thread per connection),
 * concurrently; an implementation must be thread-safe and may block (for example until a stop
 * has finished). Params arrive validated (non-null where not {@link Nullable}, in range).
 *
 * <p>Errors: throw {@link UnknownServiceException} for a name that does not exist (with the
 * known names), {@link ConfigRejectedException} for an invalid reload, {@link ApiException} with
 * {@link RpcErrors#UNAVAILABLE} when the daemon cannot act now. Any other exception becomes
 * {@link RpcErrors#INTERNAL_ERROR} with its message; the daemon keeps serving.
 */
public interface ControlHandler {

    /** Every configured service, sorted by name. */
    ServiceList list();

    /** One service in depth. */
    ServiceDetail status(ServiceName params);

    /**
     * Starts the selected services. Validate every name first and throw
     * {@link UnknownServiceException} before acting on any, so a typo changes nothing.
     * Returns when each has been started (or failed to), with one result per service.
     */
    CommandResults start(Selection params);

    /** Stops the selected services; returns once they are stopped (after their grace). Names as for start. */
    CommandResults stop(Selection params);

    /** Stops then starts the selected services. Names as for start. */
    CommandResults restart(Selection params);

    /** Clears FAILED (restart counters and crash-loop window) and starts the service again. Names as for start. */
    CommandResults reset(Selection params);

    /** Captured output lines; see {@link LogsQuery} for the paging contract. */
    LogPage logs(LogsQuery params);

    /** Stored events, oldest first. */
    EventList events(EventsQuery params);

    /**
     * Re-reads the config (like SIGHUP). Throws {@link ConfigRejectedException} with every
     * problem when the new config is invalid, leaving everything running unchanged.
     */
    ReloadResult reload();

    /**
     * Every service and every {@code depends_on} entry, with whether it holds now. Not a default
     * method: a wrapping handler that forgot to pass it on would answer for the daemon.
     */
    DependencyGraph graph();

    /**
     * Sends a test notification through one {@code [[notify]]} target or all of them (alert
     * notifications, not the sd_notify protocol). Waits for each delivery, bounded by the target's timeout.
     */
    default AlertTestResults notifyTest(AlertTestParams params) {
        throw new InvalidParamsException("target", "this daemon does not send notifications");
    }

    /**
     * Probe rounds judged after {@code params.after()}, oldest first, at most
     * {@link ProbeRoundsQuery#MAX}; the answer's cursor continues where it stopped.
     */
    default ProbeRounds probeRounds(ProbeRoundsQuery params) {
        throw new ApiException(RpcErrors.UNAVAILABLE, "this daemon keeps no probe rounds", java.util.Map.of());
    }

    /**
     * Runs the service's probes (or the one named) once now, off the supervisor's thread; the
     * rounds count like scheduled ones. Returns once each has been judged (bounded by the probes'
     * timeouts). Throws {@link UnknownServiceException}, or {@link InvalidParamsException} for an
     * unknown probe.
     */
    default ProbeNowResult probeNow(ProbeNowParams params) {
        throw new ApiException(RpcErrors.UNAVAILABLE, "this daemon cannot run probes on demand", java.util.Map.of());
    }
}
