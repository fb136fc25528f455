package dev.vigil.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads {@code [http]}. A non-loopback {@code listen} without {@code token_file} and without
 * {@code allow_unauthenticated_remote = true} is an error that says why: anyone on the network
 * could read every service's state and logs.
 */
final class HttpReader {

    static final String TABLE_EXPECTED = "[http] with listen, token_file, allow_unauthenticated_remote, "
            + "max_connections, max_header_bytes, max_body_bytes, idle_timeout, probe_histogram";
    static final String LISTEN_EXPECTED = "host:port such as \"127.0.0.1:9810\" or \"[::1]:9810\", or \"unix:PATH\"";
    private static final String UNIX_PREFIX = "unix:";

    private HttpReader() {
    }

    /** Empty when the table has problems (all of them recorded). */
    static Optional<HttpSpec> read(TomlReader r) {
        Optional<Endpoint> listen = listen(r);
        Optional<Path> tokenFile = r.text("token_file", "a file path (relative = to the config's directory)")
                .flatMap(text -> path(r, "token_file", text));
        boolean allowRemote = r.bool("allow_unauthenticated_remote", false);
        int maxConnections = r.integer("max_connections", HttpSpec.DEFAULT_MAX_CONNECTIONS, 1, 100_000);
        int maxHeaderBytes = r.integer("max_header_bytes", HttpSpec.DEFAULT_MAX_HEADER_BYTES, 1024, 1 << 20);
        int maxBodyBytes = r.integer("max_body_bytes", HttpSpec.DEFAULT_MAX_BODY_BYTES, 0, 16 << 20);
        Duration idle = r.duration("idle_timeout", HttpSpec.DEFAULT_IDLE_TIMEOUT,
                DurationRule.positiveUpTo(DurationRule.HOUR));
        boolean histogram = r.bool("probe_histogram", false);
        r.rejectUnknown();
        if (listen.isEmpty() || r.failed("listen", "token_file", "allow_unauthenticated_remote", "max_connections",
                "max_header_bytes", "max_body_bytes", "idle_timeout", "probe_histogram")) {
            return Optional.empty();
        }
        HttpSpec spec = new HttpSpec(listen.get(), tokenFile, allowRemote, maxConnections, maxHeaderBytes,
                maxBodyBytes, idle, histogram);
        if (!spec.loopback() && tokenFile.isEmpty() && !allowRemote) {
            r.problem("listen", TomlValues.quote(listen.get().toString()),
                    "is not a loopback address, and there is no token_file: anyone who can reach it could read "
                            + "every service's state, events and logs",
                    "set token_file = \"PATH\" (create it with `vigil token`), or bind 127.0.0.1 / [::1] / unix:PATH, "
                            + "or set allow_unauthenticated_remote = true to serve reads to the network on purpose");
            return Optional.empty();
        }
        return Optional.of(spec);
    }

    private static Optional<Endpoint> listen(TomlReader r) {
        if (!r.has("listen")) {
            r.problemHere("missing key listen", LISTEN_EXPECTED);
            return Optional.empty();
        }
        Optional<String> text = r.text("listen", LISTEN_EXPECTED);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!text.get().startsWith(UNIX_PREFIX)) {
            return Endpoints.address(r, "listen").map(Endpoint.class::cast);
        }
        String raw = text.get().substring(UNIX_PREFIX.length());
        if (raw.isBlank()) {
            r.problem("listen", TomlValues.quote(text.get()), "has no path after unix:", LISTEN_EXPECTED);
            return Optional.empty();
        }
        Optional<Path> path = path(r, "listen", raw);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        int bytes = path.get().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > Endpoints.MAX_UNIX_PATH_BYTES) {
            r.problem("listen", TomlValues.quote(text.get()), "is " + bytes + " bytes once resolved, longer than the "
                    + Endpoints.MAX_UNIX_PATH_BYTES + " a Unix socket allows", "a shorter path");
            return Optional.empty();
        }
        return Optional.of(new Endpoint.Unix(path.get()));
    }

    private static Optional<Path> path(TomlReader r, String key, String text) {
        try {
            return Optional.of(r.problems().dir().resolve(text).normalize());
        } catch (InvalidPathException e) {
            r.problem(key, TomlValues.quote(text), "is not a valid path", "a file path");
            return Optional.empty();
        }
    }
}
