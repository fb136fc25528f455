package dev.vigil.cli;

import dev.vigil.api.CommandResult;
import dev.vigil.api.CommandResults;
import dev.vigil.api.ControlClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** start/stop/restart/reset: names or --all, one result line per service, exit 1 if any failed. */
abstract class SelectionCommand extends ClientCommand {

    static final class Target {
        @Parameters(paramLabel = "NAME", arity = "1..*", description = "Services to act on")
        List<String> names;

        @Option(names = "--all", required = true, description = "Every configured service")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--json", description = "Print the result as JSON (see docs/API.md)")
    boolean json;

    abstract String method();

    /** Params beyond the selection (e.g. stop's {@code withDependents}); none by default. */
    Map<String, Object> moreParams() {
        return Map.of();
    }

    /**
     * The results to show, given the daemon's: by default those. Stop overrides it to ask, on a
     * terminal, whether to stop the dependents that kept a service from stopping.
     */
    List<CommandResult> followUp(ControlClient client, CliEnvironment env, List<CommandResult> results)
            throws IOException {
        return results;
    }

    @Override
    Duration defaultTimeout() {
        return COMMAND_TIMEOUT;
    }

    @Override
    int run(ControlClient client, CliEnvironment env) throws IOException {
        Map<String, Object> params = new java.util.LinkedHashMap<>(target.all ? Map.of("all", true) : Map.of("names", target.names));
        params.putAll(moreParams());
        Object result = client.call(method(), params);
        List<CommandResult> results = followUp(client, env, decode(result, CommandResults.class).results());
        boolean allOk = results.stream().allMatch(CommandResult::ok);
        if (json) {
            printJson(env, result);
        } else {
            Table t = new Table();
            for (CommandResult r : results) {
                StateStyle style = StateStyle.of(word(r.state()));
                t.row(r.ok() ? "ok" : "FAILED", r.name(), style.label(word(r.state())), r.message());
            }
            env.out().print(t.render(""));
        }
        return allOk ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
