package dev.vigil.cli;

import dev.vigil.api.ControlMethods;
import picocli.CommandLine.Command;

/** {@code vigil reset NAME... | --all}. */
@Command(name = "reset", mixinStandardHelpOptions = true, description = "Clear FAILED and the crash-loop counters, then start services again.",
        footer = {"", "Examples:", "  vigil reset web worker", "  vigil reset --all"})
final class ResetCommand extends SelectionCommand {
    @Override
    String method() {
        return ControlMethods.RESET;
    }
}
