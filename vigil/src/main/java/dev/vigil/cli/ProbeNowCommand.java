package dev.vigil.cli;

import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil probe-now NAME [PROBE]}: runs a service's probes once now, through the daemon. */
@Command(name = "probe-now", mixinStandardHelpOptions = true,
        description = {"Run a service's probes (or one) once now, in the daemon, and print each one's round.",
                "The rounds count like scheduled ones (a success can end DEGRADED sooner). "
                        + "Exit 0 when every asked probe answered healthy, 1 otherwise."},
        footer = {"", "Examples:", "  vigil probe-now web", "  vigil probe-now web health --json"})
final class ProbeNowCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The service")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PROBE", description = "Only this probe (default: all of the service's)")
    String probe;

    @Option(names = "--json", description = "Print the vigil.probe_now result as JSON (see docs/API.md)")
    boolean json;

    @Override
    Duration defaultTimeout() {
        return Duration.ofMinutes(2); // the daemon waits for the probes' own timeouts
    }

    @Override
    int run(ControlClient client, CliEnvironment env) throws IOException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", name);
        if (probe != null) {
            params.put("probe", probe);
        }
        Map<String, Object> result = obj(client.call(ControlMethods.PROBE_NOW, params));
        List<Map<String, Object>> rounds = Fields.objects(result, "rounds");
        List<String> notRunning = Fields.strings(result, "not_running");
        List<String> noAnswer = Fields.strings(result, "no_answer");
        boolean allHealthy = !rounds.isEmpty() && notRunning.isEmpty() && noAnswer.isEmpty()
                && rounds.stream().allMatch(r -> "healthy".equals(Fields.str(Fields.obj(r, "result"), "outcome")));
        if (json) {
            printJson(env, result);
            return allHealthy ? ExitCodes.OK : ExitCodes.FAILED;
        }
        Table t = new Table();
        for (Map<String, Object> r : rounds) {
            Map<String, Object> round = Fields.obj(r, "result");
            Long latency = Fields.lng(round, "latency_ms");
            String reason = Fields.str(round, "reason");
            t.row(Fields.str(r, "probe"), Fields.str(round, "outcome"), latency == null ? "" : latency + "ms",
                    reason == null ? "" : reason);
        }
        notRunning.forEach(p -> t.row(p, "not running", "", "the service or its process is not up"));
        noAnswer.forEach(p -> t.row(p, "no answer", "", "no round judged in time; it still counts when it comes"));
        if (rounds.isEmpty() && notRunning.isEmpty() && noAnswer.isEmpty()) {
            env.out().println(name + " has no probes");
        } else {
            env.out().print(t.render(""));
        }
        return allHealthy ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
