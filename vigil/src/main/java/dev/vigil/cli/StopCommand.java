package dev.vigil.cli;

import dev.vigil.api.CommandResult;
import dev.vigil.api.CommandResults;
import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil stop NAME... | --all}, optionally {@code --with-dependents}. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop services; waits until they are down (after their stop grace).",
                "A service stops only after the services that depend on it (depends_on). A service with running"
                        + " dependents is not stopped (exit 1, naming them) unless they are named too, or"
                        + " --with-dependents is given; on a terminal (without --json) vigil asks first whether to"
                        + " stop them too."},
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

    /**
     * On a terminal (not with --json), a service refused because of its dependents is offered
     * again: "db has running dependents: web, worker. Stop them too? [y/N]"; on y it is stopped
     * with them. Without a terminal the refusal stands.
     */
    @Override
    List<CommandResult> followUp(ControlClient client, CliEnvironment env, List<CommandResult> results)
            throws IOException {
        if (json || withDependents || !env.prompt().interactive()) {
            return results;
        }
        List<String> agreed = new ArrayList<>();
        for (CommandResult r : results) {
            List<String> dependents = r.dependents();
            if (!r.ok() && !dependents.isEmpty()) {
                String answer = env.prompt().ask(r.name() + " has running dependents: "
                        + String.join(", ", dependents) + ". Stop them too? [y/N] ").orElse("");
                if (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes")) {
                    agreed.add(r.name());
                }
            }
        }
        if (agreed.isEmpty()) {
            return results;
        }
        Object again = client.call(method(), Map.of("names", agreed, "with_dependents", true));
        List<CommandResult> merged = new ArrayList<>(results.stream().filter(r -> !agreed.contains(r.name())).toList());
        merged.addAll(decode(again, CommandResults.class).results());
        return merged;
    }
}
