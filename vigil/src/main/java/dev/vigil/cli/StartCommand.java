package dev.vigil.cli;

import dev.vigil.api.ControlMethods;
import picocli.CommandLine.Command;

/** {@code vigil start NAME... | --all}. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start services.",
        footer = {"", "Examples:", "  vigil start web worker", "  vigil start --all"})
final class StartCommand extends SelectionCommand {
    @Override
    String method() {
        return ControlMethods.START;
    }
}
