package dev.vigil.api;

import java.util.List;

/** The outcome of a start/stop/restart/reset for one service. */
@Doc("The outcome of a command for one service")
public record CommandResult(
        @Doc("the service") String name,
        @Doc("whether the command did what was asked (or there was nothing to do)") boolean ok,
        @Doc("the service's state after the command") ServiceState state,
        @Doc("what happened, in words, e.g. 'started (pid 4242)' or 'already stopped'") String message,
        @Doc("stop only, when refused: the dependents, running or waiting, that kept it from stopping (what"
                + " with_dependents would stop too); empty otherwise") List<String> dependents) {

    /** No dependents named. */
    public CommandResult(String name, boolean ok, ServiceState state, String message) {
        this(name, ok, state, message, List.of());
    }

    public CommandResult {
        dependents = dependents == null ? List.of() : List.copyOf(dependents);
    }
}
