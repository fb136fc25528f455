package dev.vigil.cli;

import dev.vigil.api.ControlMethods;
import picocli.CommandLine.Command;

/** {@code vigil restart NAME... | --all}. */
@Command(name = "restart", mixinStandardHelpOptions = true, description = "Stop, then start services.",
        footer = {"", "Examples:", "  vigil restart web worker", "  vigil restart --all"})
final class RestartCommand extends SelectionCommand {
    @Override
    String method() {
        return ControlMethods.RESTART;
    }
}
