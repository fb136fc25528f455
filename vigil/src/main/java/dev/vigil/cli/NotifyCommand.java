package dev.vigil.cli;

import dev.vigil.api.AlertTestOutcome;
import dev.vigil.api.AlertTestResults;
import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil notify test [NAME]}: a test notification through the {@code [[notify]]} targets
 * (alert notifications; nothing to do with the sd_notify protocol).
 */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = "Alert notifications ([[notify]] targets). 'test' sends a test notification through each target "
                + "(or the one named) and prints how it went; exit 1 when any failed.",
        footer = {"", "Example:", "  vigil notify test", "  vigil notify test pager --json"})
final class NotifyCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "test", description = "the action; only 'test' for now")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "one target's name (default: every target)")
    String name;

    @Option(names = "--json", description = "Print the vigil.notify_test result as JSON (see docs/API.md)")
    boolean json;

    @Override
    Duration defaultTimeout() {
        return COMMAND_TIMEOUT;
    }

    @Override
    int run(ControlClient client, CliEnvironment env) throws IOException {
        if (!"test".equals(action)) {
            throw UsageErrors.of(spec, "unknown action '" + action + "' (expected: test)");
        }
        Map<String, Object> params = new HashMap<>();
        if (name != null) {
            params.put("target", name);
        }
        Object result = client.call(ControlMethods.NOTIFY_TEST, params);
        List<AlertTestOutcome> outcomes = decode(result, AlertTestResults.class).results();
        boolean allOk = outcomes.stream().allMatch(AlertTestOutcome::ok);
        if (json) {
            printJson(env, result);
        } else if (outcomes.isEmpty()) {
            env.out().println("no [[notify]] targets configured");
        } else {
            Table t = new Table();
            t.row("TARGET", "TRANSPORT", "RESULT", "DETAIL");
            for (AlertTestOutcome o : outcomes) {
                t.row(o.target(), o.transport(), o.ok() ? "ok" : "FAILED", o.detail());
            }
            env.out().print(t.render(""));
        }
        return allOk ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
