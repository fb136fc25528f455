package dev.vigil.cli;

import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import dev.vigil.api.LogEntry;
import dev.vigil.api.LogPage;
import dev.vigil.api.LogsQuery;
import dev.vigil.api.ApiCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil logs NAME}: captured output. With {@code -f} it polls {@code vigil.logs} with the
 * previous page's cursor as {@code after}: the daemon returns only lines with a greater
 * sequence number, so no line is printed twice, and lines the daemon no longer holds are
 * reported as dropped instead of silently missing.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Captured stdout/stderr of a service's processes.",
        footer = {"", "Examples:", "  vigil logs web -n 50", "  vigil logs os --process ui -f"})
final class LogsCommand extends ClientCommand {

    static final Duration POLL = Duration.ofMillis(250);

    @Parameters(paramLabel = "NAME", description = "The service")
    String name;

    @Option(names = "--process", paramLabel = "P", description = "Only this process's lines")
    String process;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "100", description = "How many of the last lines (1..10000, default ${DEFAULT-VALUE})")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted")
    boolean follow;

    @Option(names = "--json", description = "Print each line as one JSON object per line (the LogEntry of docs/API.md)")
    boolean json;

    @Override
    int run(ControlClient client, CliEnvironment env) throws IOException {
        LogPage page = fetch(client, lines, null);
        print(env, page);
        if (!follow) {
            return ExitCodes.OK;
        }
        long cursor = page.cursor();
        while (true) {
            page = fetch(client, LogsQuery.MAX_LINES, cursor);
            long dropped = page.dropped();
            if (dropped > 0) {
                env.err().println("vigil: " + dropped + " line" + (dropped == 1 ? "" : "s") + " dropped (rotated out of the daemon's memory before they were read)");
            }
            print(env, page);
            cursor = page.cursor();
            boolean full = page.lines().size() >= LogsQuery.MAX_LINES;
            if (!full && !env.pacer().pause(POLL)) {
                return ExitCodes.OK;
            }
        }
    }

    private LogPage fetch(ControlClient client, int count, Long after) throws IOException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", name);
        if (process != null) {
            params.put("process", process);
        }
        params.put("lines", count);
        if (after != null) {
            params.put("after", after);
        }
        return decode(client.call(ControlMethods.LOGS, params), LogPage.class);
    }

    private void print(CliEnvironment env, LogPage page) {
        for (LogEntry l : page.lines()) {
            if (json) {
                env.out().println(ApiCodec.CLIENT.write(l));
            } else {
                boolean stderr = "stderr".equals(l.stream());
                env.out().println(l.at() + " " + l.process() + (stderr ? "!" : "") + " | " + l.text());
            }
        }
        env.out().flush();
    }
}
