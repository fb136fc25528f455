package dev.vigil.cli;

import dev.vigil.api.ApiCodec;
import dev.vigil.api.ApiException;
import dev.vigil.api.ControlClient;
import dev.vigil.api.DaemonUnavailableException;
import dev.vigil.api.RpcErrors;
import dev.vigil.api.ServiceState;
import dev.vigil.json.Json;
import dev.vigil.json.JsonException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that calls the daemon. Subclasses do their calls in {@link #run}; this class turns
 * "no daemon", "unknown service" and other daemon errors into one line on stderr and the
 * matching exit code.
 */
abstract class ClientCommand implements Callable<Integer> {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    /** How long the daemon may take to answer by default. */
    Duration defaultTimeout() {
        return READ_TIMEOUT;
    }

    abstract int run(ControlClient client, CliEnvironment env) throws IOException;

    @picocli.CommandLine.Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long to wait for the daemon's answer (default: 10s for reads, 5m for start/stop/restart/reset/reload)")
    String timeoutOption;

    @Override
    public final Integer call() {
        CliEnvironment env = main.env();
        if (timeoutOption != null) {
            main.timeout = timeoutOption;
        }
        Duration timeout;
        try {
            timeout = main.timeout(defaultTimeout());
        } catch (IllegalArgumentException e) {
            throw UsageErrors.of(spec, "--timeout: " + e.getMessage());
        }
        try {
            return run(new ControlClient(main.socket(), timeout), env);
        } catch (DaemonUnavailableException e) {
            String start = "vigil daemon --config PATH" + (main.explicitStateDir() != null ? " --state-dir " + main.explicitStateDir() : "");
            env.err().println("vigil: " + e.getMessage() + (e.getMessage().startsWith("no daemon") ? "; start one with: " + start : ""));
            return ExitCodes.NO_DAEMON;
        } catch (ApiException e) {
            return reportApiError(e, env);
        } catch (IOException e) {
            env.err().println("vigil: " + e.getMessage());
            return ExitCodes.DAEMON_ERROR;
        }
    }

    static int reportApiError(ApiException e, CliEnvironment env) {
        if (e.code() == RpcErrors.UNKNOWN_SERVICE) {
            String name = String.valueOf(e.data().get("name"));
            List<String> known = strings(e.data().get("known"));
            List<String> close = DidYouMean.suggest(name, known);
            env.err().println("vigil: unknown service '" + name + "'."
                    + (close.isEmpty() ? "" : " Did you mean " + String.join(" or ", close.stream().map(s -> "'" + s + "'").toList()) + "?")
                    + (known.isEmpty() ? " No services are configured." : " Services: " + listed(known)));
            return ExitCodes.UNKNOWN_SERVICE;
        }
        env.err().println("vigil: " + e.getMessage());
        // docs/CLI.md: a daemon this user may not use is, for this user, no daemon (not a service problem).
        return e.code() == RpcErrors.PERMISSION_DENIED ? ExitCodes.NO_DAEMON : ExitCodes.DAEMON_ERROR;
    }

    private static String listed(List<String> known) {
        int shown = 12;
        return known.size() <= shown ? String.join(", ", known)
                : String.join(", ", known.subList(0, shown)) + " and " + (known.size() - shown) + " more (vigil list)";
    }

    /** Prints an API result as documented JSON (pretty, the result object exactly as the daemon sent it). */
    static void printJson(CliEnvironment env, Object result) {
        env.out().println(Json.writePretty(result));
    }

    /**
     * The daemon's answer as its API record, so a renamed field fails to compile here. Keys this
     * CLI does not know are ignored (a newer daemon may add some); a missing or mistyped field is
     * a daemon error, named by its JSON path.
     */
    static <T> T decode(Object result, Class<T> type) throws IOException {
        try {
            return ApiCodec.CLIENT.fromTree(result, type);
        } catch (JsonException e) {
            throw new IOException("cannot read the daemon's answer: " + e.getMessage());
        }
    }

    /** The state's wire word, or null for a state this CLI does not know (read as null). */
    static String word(ServiceState state) {
        return state == null ? null : state.word();
    }

    /** The strings of a free-form error data member (a list), or an empty list. */
    static List<String> strings(Object list) {
        return list instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }
}
