package dev.vigil.cli;

import dev.vigil.api.ControlMethods;
import picocli.CommandLine.Command;

/** {@code vigil restart NAME... | --all}. */
@Command(name = "restart", mixinStandardHelpOptions = true, description = {"Stop, then start services.",
        "A service with restart_dependents = true first stops the services that depend on it, and starts them"
                + " again once it meets their depends_on conditions; otherwise dependents are left running."},
        footer = {"", "Examples:", "  vigil restart web worker", "  vigil restart --all"})
final class RestartCommand extends SelectionCommand {
    @Override
    String method() {
        return ControlMethods.RESTART;
    }
}
