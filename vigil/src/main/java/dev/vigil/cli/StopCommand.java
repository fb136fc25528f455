package dev.vigil.cli;

import dev.vigil.api.ControlMethods;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil stop NAME... | --all}, optionally {@code --with-dependents}. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop services; waits until they are down (after their stop grace).",
                "A service stops only after the services that depend on it (depends_on). A service with running"
                        + " dependents is not stopped (exit 1, naming them) unless they are named too, or"
                        + " --with-dependents is given."},
        footer = {"", "Examples:", "  vigil stop web worker", "  vigil stop --all", "  vigil stop --with-dependents db"})
final class StopCommand extends SelectionCommand {
    @Option(names = "--with-dependents", description = "Also stop every service that depends on these, directly or not;"
            + " dependents stop first")
    boolean withDependents;

    @Override
    String method() {
        return ControlMethods.STOP;
    }

    @Override
    Map<String, Object> moreParams() {
        return withDependents ? Map.of("with_dependents", true) : Map.of();
    }
}
