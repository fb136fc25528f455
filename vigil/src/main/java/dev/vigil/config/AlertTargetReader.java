package dev.vigil.config;

import dev.vigil.event.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code [[notify]]} array of tables: the targets of alert notifications. */
final class AlertTargetReader {

    private static final DurationRule TIMEOUT = DurationRule.between(Duration.ofMillis(100), Duration.ofMinutes(10));
    /** A reminder more often than every minute is a flood, not a reminder. */
    private static final DurationRule REPEAT = DurationRule.between(Duration.ofMinutes(1), Duration.ofDays(7));
    private static final DurationRule GROUP_WAIT = DurationRule.nonNegativeUpTo(Duration.ofMinutes(10));
    /** RFC 9110 token characters, so a header name cannot smuggle a line break. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Map<String, Severity> SEVERITIES = new LinkedHashMap<>();

    static {
        for (Severity s : Severity.values()) {
            SEVERITIES.put(s.name().toLowerCase(Locale.ROOT), s);
        }
    }

    private final Executables executables;

    AlertTargetReader(Executables executables) {
        this.executables = executables;
    }

    /** Every valid target of the file; problems go to {@code top}'s problems. */
    List<AlertTarget> read(TomlReader top) {
        Optional<Object> raw = top.raw("notify");
        if (raw.isEmpty()) {
            return List.of();
        }
        if (!(raw.get() instanceof TomlArray array) || !array.ofTables()) {
            top.problem("notify", TomlValues.render(raw.get()), "must be an array of tables",
                    "[[notify]] entries with name and exec = [...] or webhook = \"https://...\"");
            return List.of();
        }
        List<AlertTarget> out = new ArrayList<>();
        Map<String, SourceRef> names = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            TomlReader r = new TomlReader((TomlTable) array.get(i), "notify[" + i + "]",
                    top.problems().at(array.positionOf(i)), top.problems());
            Optional<AlertTarget> target = target(r);
            target.ifPresent(t -> {
                SourceRef earlier = names.putIfAbsent(t.name(), t.where());
                if (earlier != null) {
                    r.problem("name", TomlValues.quote(t.name()), "is used twice: here and at " + earlier,
                            "a name unique among [[notify]] entries");
                } else {
                    out.add(t);
                }
            });
        }
        return out;
    }

    private Optional<AlertTarget> target(TomlReader r) {
        Optional<String> name = r.text("name", "a target name, e.g. \"pager\"");
        name.filter(n -> !ServiceReader.NAME.matcher(n).matches()).ifPresent(n ->
                r.problem("name", TomlValues.quote(n), "is not a valid name", ServiceReader.NAME_EXPECTED));
        if (!r.has("name")) {
            r.problemHere("has no name", "name = \"pager\" (names the target in logs and vigil notify test)");
        }
        Optional<Set<AlertTrigger>> on = triggers(r);
        List<String> services = r.strings("services", false, "service names, e.g. [\"api\", \"db\"]").orElse(List.of());
        Severity minSeverity = r.choice("min_severity", SEVERITIES).orElse(Severity.DEBUG);
        Duration timeout = r.duration("timeout", Duration.ofSeconds(10), TIMEOUT);
        Optional<Duration> repeat = r.duration("repeat", REPEAT);
        Duration groupWait = r.duration("group_wait", Duration.ofSeconds(10), GROUP_WAIT);
        Optional<AlertTransport> transport = transport(r);
        r.rejectUnknown(Map.of(
                "format", "only with webhook", "headers", "only with webhook", "header_files", "only with webhook"));
        if (name.isEmpty() || on.isEmpty() || transport.isEmpty() || r.failed("name", "on", "services", "min_severity", "timeout",
                "repeat", "group_wait")) {
            return Optional.empty();
        }
        return Optional.of(new AlertTarget(name.get(), on.get(), services, minSeverity, transport.get(), timeout, repeat,
                groupWait, r.where()));
    }

    private static Optional<Set<AlertTrigger>> triggers(TomlReader r) {
        String expected = "some of " + String.join(", ", AlertTrigger.labels().stream().map(TomlValues::quote).toList());
        Optional<List<String>> labels = r.strings("on", true, expected);
        if (labels.isEmpty()) {
            return r.failed("on") ? Optional.empty() : Optional.of(AlertTrigger.DEFAULT);
        }
        boolean ok = true;
        Set<AlertTrigger> on = EnumSet.noneOf(AlertTrigger.class);
        for (int i = 0; i < labels.get().size(); i++) {
            String label = labels.get().get(i);
            Optional<AlertTrigger> trigger = AlertTrigger.parse(label.toLowerCase(Locale.ROOT).replace('-', '_'));
            if (trigger.isPresent()) {
                on.add(trigger.get());
                continue;
            }
            String hint = Suggestions.closest(label, AlertTrigger.labels())
                    .map(c -> "did you mean " + TomlValues.quote(c) + "? ").orElse("");
            r.problems().add(r.elementAt("on", i), r.field("on") + "[" + i + "]", TomlValues.quote(label),
                    "is not an event name", hint + expected);
            ok = false;
        }
        return ok ? Optional.of(on) : Optional.empty();
    }

    private Optional<AlertTransport> transport(TomlReader r) {
        boolean exec = r.has("exec");
        boolean webhook = r.has("webhook");
        if (exec == webhook) {
            r.problemHere(exec ? "has both exec and webhook" : "has no transport",
                    "exactly one of exec = [\"/path/to/hook\"] or webhook = \"https://...\"");
            return Optional.empty();
        }
        if (exec) {
            Optional<List<String>> command = r.strings("exec", true, "a command, e.g. [\"/usr/local/bin/page-me\"]");
            if (command.isEmpty()) {
                return Optional.empty();
            }
            String program = Executables.resolve(command.get().getFirst(), r.problems().dir());
            Optional<String> whyNot = executables.whyNot(program, r.problems().dir());
            if (whyNot.isPresent()) {
                r.problems().add(r.elementAt("exec", 0), r.field("exec") + "[0]",
                        TomlValues.quote(command.get().getFirst()), whyNot.get(), "an executable program");
                return Optional.empty();
            }
            List<String> resolved = new ArrayList<>(command.get());
            resolved.set(0, program);
            return Optional.of(new AlertTransport.Exec(resolved));
        }
        return webhook(r);
    }

    private static Optional<AlertTransport> webhook(TomlReader r) {
        Optional<URI> url = r.text("webhook", "an http:// or https:// URL").flatMap(text -> url(r, "webhook", text,
                "an http:// or https:// URL, e.g. \"https://hooks.example.com/vigil\""));
        WebhookFormat format = r.choice("format", WebhookFormat.JSON, WebhookFormat.class);
        Map<String, String> headers = new LinkedHashMap<>(r.stringMap("headers", "a table of header names to values"));
        headers.keySet().removeIf(h -> !headerName(r, "headers", h));
        headers.entrySet().removeIf(e -> {
            if (e.getValue().indexOf('\r') >= 0 || e.getValue().indexOf('\n') >= 0) {
                r.problem("headers", "", "header " + e.getKey() + " contains a line break", "a one-line value");
                return true;
            }
            return false;
        });
        Map<String, Path> headerFiles = new LinkedHashMap<>();
        r.stringMap("header_files", "a table of header names to files holding the value (e.g. a token)")
                .forEach((header, file) -> {
                    if (headerName(r, "header_files", header)) {
                        secretFile(r, header, file).ifPresent(p -> headerFiles.put(header, p));
                    }
                });
        if (url.isEmpty() || r.failed("format", "headers", "header_files")) {
            return Optional.empty();
        }
        return Optional.of(new AlertTransport.Webhook(url.get(), format, headers, headerFiles));
    }

    /** An http:// or https:// URL with a host, at {@code key}; also read by {@code [consul]}. */
    static Optional<URI> url(TomlReader r, String key, String text, String expected) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                r.problem(key, TomlValues.quote(text),
                        scheme.isEmpty() ? "has no scheme" : "has scheme " + scheme + ", not http or https", expected);
                return Optional.empty();
            }
            if (uri.getHost() == null) {
                r.problem(key, TomlValues.quote(text), "has no host", expected);
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            r.problem(key, TomlValues.quote(text), "is not a valid URL: " + e.getReason(), expected);
            return Optional.empty();
        }
    }

    private static boolean headerName(TomlReader r, String key, String header) {
        if (HEADER_NAME.matcher(header).matches()) {
            return true;
        }
        r.problem(key, TomlValues.quote(header), "is not a valid header name", "letters, digits and - (e.g. Authorization)");
        return false;
    }

    /** The file must be readable now; its content is not read here so it never enters a message. */
    private static Optional<Path> secretFile(TomlReader r, String header, String file) {
        try {
            Path p = r.problems().dir().resolve(file).normalize();
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                r.problem("header_files", TomlValues.quote(file), "header " + header + ": is not a readable file",
                        "a file holding the header value");
                return Optional.empty();
            }
            return Optional.of(p);
        } catch (InvalidPathException e) {
            r.problem("header_files", TomlValues.quote(file), "header " + header + ": is not a valid path",
                    "a file holding the header value");
            return Optional.empty();
        }
    }
}
