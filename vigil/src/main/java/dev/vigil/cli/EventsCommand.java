package dev.vigil.cli;

import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import dev.vigil.api.EventList;
import dev.vigil.api.EventRecord;
import dev.vigil.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil events [NAME]}: the daemon's event history. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Stored events (state changes, exits, restarts, probe failures), oldest first.",
        footer = {"", "Examples:", "  vigil events web --since 10m", "  vigil events --since 2026-11-23T10:00:00Z --limit 500 --json"})
final class EventsCommand extends ClientCommand {

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Only this service's events")
    String name;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only events since this long ago (90s, 10m, 2h, 1d) or this instant (ISO-8601)")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events, the newest ones (1..1000, default ${DEFAULT-VALUE})", defaultValue = "50")
    int limit;

    @Option(names = "--json", description = "Print the vigil.events result as JSON (see docs/API.md)")
    boolean json;

    @Override
    int run(ControlClient client, CliEnvironment env) throws IOException {
        Map<String, Object> params = new LinkedHashMap<>();
        if (name != null) {
            params.put("name", name);
        }
        if (since != null) {
            try {
                params.put("since", Durations.sinceInstant(since, env.clock().instant()).toString());
            } catch (IllegalArgumentException e) {
                throw UsageErrors.of(spec, "--since: " + e.getMessage());
            }
        }
        params.put("limit", limit);
        Object result = client.call(ControlMethods.EVENTS, params);
        if (json) {
            printJson(env, result);
            return ExitCodes.OK;
        }
        List<EventRecord> events = decode(result, EventList.class).events();
        if (events.isEmpty()) {
            env.out().println("no events");
        } else {
            env.out().print(table(events).render(""));
        }
        return ExitCodes.OK;
    }

    static Table table(List<EventRecord> events) {
        Table t = new Table();
        for (EventRecord e : events) {
            String service = e.service();
            String process = e.process();
            String who = service == null ? "(daemon)" : process == null ? service : service + "/" + process;
            t.row(String.valueOf(e.ts()), String.valueOf(e.severity()), who, typeAndCount(e), StatusCommand.fields(e.fields()));
        }
        return t;
    }

    /** The type, and for a coalesced row how many it stands for and when the last was: "probe_failed x120 (last ...)". */
    static String typeAndCount(EventRecord e) {
        if (e.count() > 1) {
            return e.type() + " x" + e.count() + " (last " + e.lastTs() + ")";
        }
        return e.type();
    }

    /** A field value on one line: strings bare unless they hold spaces, everything else as JSON. */
    static String scalar(Object v) {
        if (v instanceof String s && !s.isEmpty() && s.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '=')) {
            return s;
        }
        return Json.write(v);
    }
}
