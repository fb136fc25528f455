package dev.vigil.cli;

import dev.vigil.api.ApiException;
import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import dev.vigil.api.ReloadResult;
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
        Object result;
        try {
            result = client.call(ControlMethods.RELOAD, Map.of());
        } catch (ApiException e) {
            if (e.code() != RpcErrors.CONFIG_REJECTED) {
                throw e;
            }
            env.err().println("vigil: " + e.getMessage() + ":");
            for (String problem : strings(e.data().get("problems"))) {
                env.err().println("  " + problem);
            }
            return ExitCodes.FAILED;
        }
        if (json) {
            printJson(env, result);
            return ExitCodes.OK;
        }
        ReloadResult reload = decode(result, ReloadResult.class);
        Table t = new Table();
        row(t, "added:", reload.added());
        row(t, "removed:", reload.removed());
        row(t, "changed:", reload.changed());
        row(t, "unchanged:", reload.unchanged());
        env.out().print(t.render(""));
        List<String> adopted = reload.adopted();
        if (!adopted.isEmpty()) {
            env.out().println("adopted new dependencies: " + String.join(", ", adopted));
        }
        return ExitCodes.OK;
    }

    private static void row(Table t, String label, List<String> names) {
        t.row(label, names.isEmpty() ? "-" : String.join(", ", names));
    }
}
