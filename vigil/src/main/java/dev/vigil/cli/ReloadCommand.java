package dev.vigil.cli;

import dev.vigil.api.ApiException;
import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import dev.vigil.api.RpcErrors;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil reload}: like SIGHUP to the daemon. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Re-read the config: start new services, stop removed ones, restart changed ones, leave the rest alone. "
                + "An invalid config is rejected with every error, and nothing changes.",
        footer = {"", "Example:", "  vigil reload || echo 'config rejected, still running the old one'"})
final class ReloadCommand extends ClientCommand {

    @Option(names = "--json", description = "Print the vigil.reload result as JSON (see docs/API.md)")
    boolean json;

    @Override
    Duration defaultTimeout() {
        return COMMAND_TIMEOUT;
    }

    @Override
    int run(ControlClient client, CliEnvironment env) throws IOException {
        Map<String, Object> result;
        try {
            result = obj(client.call(ControlMethods.RELOAD, Map.of()));
        } catch (ApiException e) {
            if (e.code() != RpcErrors.CONFIG_REJECTED) {
                throw e;
            }
            env.err().println("vigil: " + e.getMessage() + ":");
            for (String problem : Fields.strings(e.data(), "problems")) {
                env.err().println("  " + problem);
            }
            return ExitCodes.FAILED;
        }
        if (json) {
            printJson(env, result);
            return ExitCodes.OK;
        }
        Table t = new Table();
        for (String key : List.of("added", "removed", "changed", "unchanged")) {
            List<String> names = Fields.strings(result, key);
            t.row(key + ":", names.isEmpty() ? "-" : String.join(", ", names));
        }
        env.out().print(t.render(""));
        List<String> adopted = Fields.strings(result, "adopted");
        if (!adopted.isEmpty()) {
            env.out().println("adopted new dependencies: " + String.join(", ", adopted));
        }
        return ExitCodes.OK;
    }
}
