package dev.vigil.api;

/** The outcome of a start/stop/restart/reset for one service. */
@Doc("The outcome of a command for one service")
public record CommandResult(
        @Doc("the service") String name,
        @Doc("whether the command did what was asked (or there was nothing to do)") boolean ok,
        @Doc("the service's state after the command") ServiceState state,
        @Doc("what happened, in words, e.g. 'started (pid 4242)' or 'already stopped'") String message) {
}
