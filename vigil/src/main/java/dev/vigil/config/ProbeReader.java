package dev.vigil.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads one {@code [services.S.probes.P]} table. */
final class ProbeReader {

    private enum Kind { TCP, HTTP, JSONRPC, EXEC, GRPC }

    /** Which kinds use which of their own keys, for "is not used here" hints. */
    private static final Map<String, String> KIND_KEYS = Map.ofEntries(
            Map.entry("address", "only for kind tcp, jsonrpc or grpc"),
            Map.entry("unix", "only for kind tcp, http or jsonrpc"),
            Map.entry("url", "only for kind http or jsonrpc"),
            Map.entry("path", "only for kind http with unix"),
            Map.entry("method", "only for kind http or jsonrpc"),
            Map.entry("status", "only for kind http"),
            Map.entry("body_contains", "only for kind http"),
            Map.entry("body_matches", "only for kind http"),
            Map.entry("header", "only for kind http"),
            Map.entry("params", "only for kind jsonrpc"),
            Map.entry("command", "only for kind exec"),
            Map.entry("cwd", "only for kind exec"),
            Map.entry("service", "only for kind grpc"),
            Map.entry("tls", "only for kind grpc"));

    /** Probing more often than this costs CPU and tells nothing new. */
    private static final DurationRule INTERVAL = DurationRule.between(Duration.ofMillis(100), DurationRule.DAY);
    /** Below this, scheduling jitter alone would fail healthy probes. */
    private static final DurationRule TIMEOUT = DurationRule.between(Duration.ofMillis(10), DurationRule.HOUR);
    private static final DurationRule START_GRACE = DurationRule.nonNegativeUpTo(DurationRule.DAY);

    private final Executables executables;

    ProbeReader(Executables executables) {
        this.executables = executables;
    }

    /**
     * @param processNames the service's processes, which {@code process} must name one of; empty
     *                     when they could not be read (then {@code process} is not checked)
     */
    Optional<ProbeSpec> read(String name, TomlReader r, Set<String> processNames) {
        Optional<Kind> kind = kind(r);
        Optional<ProbeTarget> target = kind.flatMap(k -> target(k, r));
        Optional<String> process = r.text("process", "the name of one of the service's processes");
        if (process.isPresent() && !processNames.isEmpty() && !processNames.contains(process.get())) {
            String hint = Suggestions.closest(process.get(), processNames)
                    .map(c -> "did you mean " + TomlValues.quote(c) + "? ").orElse("");
            r.problem("process", TomlValues.quote(process.get()), "names no process of this service",
                    hint + "one of " + String.join(", ", processNames));
        }
        Duration interval = r.duration("interval", Duration.ofSeconds(10), INTERVAL);
        Duration timeout = r.duration("timeout", Duration.ofSeconds(1), TIMEOUT);
        // Equal is allowed, as monit and Kubernetes allow it; the scheduler never overlaps rounds.
        if (!r.failed("interval", "timeout") && timeout.compareTo(interval) > 0) {
            r.problem("timeout", TomlValues.quote(Durations.format(timeout)),
                    "must be at most interval (" + Durations.format(interval) + ")",
                    "a timeout no longer than the interval");
        }
        Duration startGrace = r.duration("start_grace", Duration.ZERO, START_GRACE);
        int failures = r.integer("failures", 3, 1, 1000);
        int successes = r.integer("successes", 1, 1, 1000);
        ProbeRole role = r.choice("role", ProbeRole.LIVENESS, ProbeRole.class);
        r.rejectUnknown(KIND_KEYS);
        if (target.isEmpty() || r.failed("process", "interval", "timeout", "start_grace", "failures", "successes", "role")) {
            return Optional.empty();
        }
        return Optional.of(new ProbeSpec(name, target.get(), process, interval, timeout, startGrace, failures,
                successes, role, r.where()));
    }

    private static Optional<Kind> kind(TomlReader r) {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            kinds.put(k.name().toLowerCase(java.util.Locale.ROOT), k);
        }
        if (!r.has("kind")) {
            r.problems().add(r.where(), r.field("kind"), "", "is missing", "one of \"tcp\", \"http\", \"jsonrpc\", \"exec\", \"grpc\"");
            return Optional.empty();
        }
        return r.choice("kind", kinds);
    }

    private Optional<ProbeTarget> target(Kind kind, TomlReader r) {
        return switch (kind) {
            case TCP -> oneOf(r, "address", "unix").map(ProbeTarget.Tcp::new);
            case HTTP -> http(r);
            case JSONRPC -> jsonRpc(r);
            case EXEC -> exec(r);
            case GRPC -> grpc(r);
        };
    }

    /** Exactly one of a TCP address key and a unix key. */
    private static Optional<Endpoint> oneOf(TomlReader r, String tcpKey, String unixKey) {
        boolean tcp = r.has(tcpKey);
        boolean unix = r.has(unixKey);
        if (tcp == unix) {
            conflict(r, tcp, List.of(tcpKey, unixKey));
            return Optional.empty();
        }
        return tcp ? Endpoints.address(r, tcpKey).map(Endpoint.class::cast) : Endpoints.unix(r, unixKey).map(Endpoint.class::cast);
    }

    private static void conflict(TomlReader r, boolean all, List<String> keys) {
        String list = String.join(", ", keys);
        if (all) {
            r.problem(keys.get(1), "", "cannot be combined with " + keys.getFirst(), "exactly one of " + list);
        } else {
            r.problemHere("needs one of " + list, "exactly one of " + list);
        }
    }

    private static void missing(TomlReader r, String key, String expected) {
        if (!r.failed(key)) {
            r.problems().add(r.where(), r.field(key), "", "is missing", expected);
        }
    }

    private static Optional<ProbeTarget> http(TomlReader r) {
        boolean url = r.has("url");
        boolean unix = r.has("unix");
        r.known("path");
        Optional<Endpoint> endpoint = Optional.empty();
        String path = "/";
        String hostHeader = "localhost";
        if (url == unix) {
            conflict(r, url, List.of("url", "unix"));
        } else if (url) {
            Optional<Endpoints.HttpUrl> parsed = Endpoints.url(r, "url");
            if (r.has("path")) {
                r.problem("path", "", "cannot be combined with url", "the path inside the url");
            }
            if (parsed.isPresent()) {
                endpoint = Optional.of(parsed.get().endpoint());
                path = parsed.get().path();
                hostHeader = parsed.get().hostHeader();
            }
        } else {
            endpoint = Endpoints.unix(r, "unix").map(Endpoint.class::cast);
            Optional<String> p = r.text("path", "a request path such as \"/health\"");
            if (p.isPresent() && !p.get().startsWith("/")) {
                r.problem("path", TomlValues.quote(p.get()), "must start with /", "a request path such as \"/health\"");
            }
            path = p.orElse("/");
        }
        String method = r.choice("method", Map.of("GET", "GET", "HEAD", "HEAD")).orElse("GET");
        int[] status = status(r);
        Optional<String> bodyContains = r.string("body_contains", "a substring the body must contain");
        Optional<Pattern> bodyMatches = regex(r);
        Optional<String[]> header = header(r);
        if (endpoint.isEmpty() || status == null || r.failed("path", "method", "body_contains", "body_matches", "header")) {
            return Optional.empty();
        }
        return Optional.of(new ProbeTarget.Http(endpoint.get(), method, path, hostHeader, status[0], status[1],
                bodyContains, bodyMatches, header.map(h -> h[0]), header.map(h -> h[1]).filter(v -> !v.isEmpty())));
    }

    /** {@code status = "200-399"}, {@code "204"} or {@code 204}; null when invalid. */
    private static int[] status(TomlReader r) {
        String expected = "a status such as 200 or a range such as \"200-399\" within 100-599";
        Optional<Object> raw = r.raw("status");
        if (raw.isEmpty()) {
            return new int[] {200, 399};
        }
        String text = switch (raw.get()) {
            case Long n -> n.toString();
            case String s -> s.strip();
            default -> null;
        };
        if (text == null || !text.matches("\\d{3}(\\s*-\\s*\\d{3})?")) {
            r.problem("status", TomlValues.render(raw.get()), "is not a status or a range", expected);
            return null;
        }
        String[] parts = text.split("\\s*-\\s*");
        int min = Integer.parseInt(parts[0]);
        int max = Integer.parseInt(parts[parts.length - 1]);
        if (min < 100 || max > 599 || min > max) {
            r.problem("status", TomlValues.render(raw.get()), "is not a range of HTTP statuses", expected);
            return null;
        }
        return new int[] {min, max};
    }

    private static Optional<Pattern> regex(TomlReader r) {
        String expected = "a Java regular expression, found anywhere in the body";
        Optional<String> text = r.string("body_matches", expected);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(text.get()));
        } catch (PatternSyntaxException e) {
            r.problem("body_matches", TomlValues.quote(text.get()),
                    "is not a valid regex: " + e.getDescription() + " near index " + e.getIndex(), expected);
            return Optional.empty();
        }
    }

    /** {@code header = "Name: value"} (name and value must match) or {@code "Name"} (must be present). */
    private static Optional<String[]> header(TomlReader r) {
        String expected = "\"Name: value\" or just \"Name\"";
        Optional<String> text = r.text("header", expected);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int colon = text.get().indexOf(':');
        String name = (colon < 0 ? text.get() : text.get().substring(0, colon)).strip();
        String value = colon < 0 ? "" : text.get().substring(colon + 1).strip();
        if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            r.problem("header", TomlValues.quote(text.get()), "has no valid header name", expected);
            return Optional.empty();
        }
        return Optional.of(new String[] {name, value});
    }

    private static Optional<ProbeTarget> jsonRpc(TomlReader r) {
        List<String> keys = List.of("unix", "address", "url");
        List<String> present = keys.stream().filter(r::has).toList();
        Optional<Endpoint> endpoint = Optional.empty();
        ProbeTarget.JsonRpcTransport transport = ProbeTarget.JsonRpcTransport.LINE;
        String httpPath = "/";
        if (present.size() != 1) {
            if (present.isEmpty()) {
                r.problemHere("needs one of unix, address, url", "exactly one of unix, address, url");
            } else {
                r.problem(present.get(1), "", "cannot be combined with " + present.getFirst(), "exactly one of unix, address, url");
            }
        } else {
            switch (present.getFirst()) {
                case "unix" -> endpoint = Endpoints.unix(r, "unix").map(Endpoint.class::cast);
                case "address" -> endpoint = Endpoints.address(r, "address").map(Endpoint.class::cast);
                default -> {
                    Optional<Endpoints.HttpUrl> url = Endpoints.url(r, "url");
                    endpoint = url.map(Endpoints.HttpUrl::endpoint);
                    httpPath = url.map(Endpoints.HttpUrl::path).orElse("/");
                    transport = ProbeTarget.JsonRpcTransport.HTTP;
                }
            }
        }
        String method = r.text("method", "a JSON-RPC method name such as \"rpc.discover\"").orElse("rpc.discover");
        Optional<String> params = Optional.empty();
        Optional<Object> raw = r.raw("params");
        if (raw.isPresent()) {
            if (raw.get() instanceof TomlTable || raw.get() instanceof TomlArray) {
                params = Optional.of(TomlValues.toJson(raw.get()));
            } else {
                r.problem("params", TomlValues.render(raw.get()),
                        "must be a table or an array, not " + TomlValues.typeName(raw.get()),
                        "by name { key = \"value\" } or by position [1, 2]");
            }
        }
        if (endpoint.isEmpty() || r.failed("method", "params")) {
            return Optional.empty();
        }
        return Optional.of(new ProbeTarget.JsonRpc(endpoint.get(), transport, httpPath, method, params));
    }

    private static Optional<ProbeTarget> grpc(TomlReader r) {
        Optional<Endpoint.Tcp> endpoint = Endpoints.address(r, "address");
        if (endpoint.isEmpty()) {
            missing(r, "address", Endpoints.ADDRESS_EXPECTED);
        }
        String service = r.string("service", "a gRPC service name, or \"\" for the whole server").orElse("");
        boolean tls = r.bool("tls", false);
        if (endpoint.isEmpty() || r.failed("service", "tls")) {
            return Optional.empty();
        }
        return Optional.of(new ProbeTarget.Grpc(endpoint.get(), service, tls));
    }

    private Optional<ProbeTarget> exec(TomlReader r) {
        Optional<Path> cwd = Commands.cwd(r);
        Optional<List<String>> command = Commands.command(r, cwd, executables);
        if (command.isEmpty() || cwd.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProbeTarget.Exec(command.get(), cwd));
    }
}
