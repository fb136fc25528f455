package dev.vigil.api;

import java.util.List;

/** Result of {@code vigil.start|stop|restart|reset}: one entry per service, in request order. */
@Doc("One result per service")
public record CommandResults(@Doc("per service, in request order (by name for all=true)") List<CommandResult> results) {
    public CommandResults {
        results = List.copyOf(results);
    }
}
