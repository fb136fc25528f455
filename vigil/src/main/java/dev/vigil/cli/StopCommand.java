package dev.vigil.cli;

import dev.vigil.api.ControlMethods;
import picocli.CommandLine.Command;

/** {@code vigil stop NAME... | --all}. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop services; waits until they are down (after their stop grace).",
        footer = {"", "Examples:", "  vigil stop web worker", "  vigil stop --all"})
final class StopCommand extends SelectionCommand {
    @Override
    String method() {
        return ControlMethods.STOP;
    }
}
