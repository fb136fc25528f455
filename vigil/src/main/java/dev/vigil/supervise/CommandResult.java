package dev.vigil.supervise;

import java.util.List;

/** The answer to start/stop/restart/reset: what happened, or why nothing could. */
public sealed interface CommandResult {

    /**
     * The command was applied (possibly as a nop, e.g. start of a running service). {@code after}
     * is the state right after the command, not its end: a stop answers STOPPING, a start
     * STARTING (the launch runs off the supervisor's thread); wait for the service_state_changed
     * event or poll the snapshot for STOPPED.
     */
    record Applied(String service, StateKind before, StateKind after, String reason) implements CommandResult {}

    /** No service has this name; {@code known} lists those that exist. */
    record UnknownService(String name, List<String> known) implements CommandResult {
        public UnknownService {
            known = List.copyOf(known);
        }

        public String message() {
            return "no service named \"" + name + "\"; known: " + (known.isEmpty() ? "(none)" : String.join(", ", known));
        }
    }
}
