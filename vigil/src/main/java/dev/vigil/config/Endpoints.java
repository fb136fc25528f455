package dev.vigil.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Reading probe targets: {@code address = "host:port"}, {@code unix = "path"}, {@code url = "http://..."}. */
final class Endpoints {

    static final String ADDRESS_EXPECTED = "host:port such as \"127.0.0.1:8080\" or \"[::1]:8080\"";
    static final String UNIX_EXPECTED = "a Unix socket path such as \"/run/web.sock\" (relative = to the config's directory)";
    static final String URL_EXPECTED = "an http URL such as \"http://127.0.0.1:8080/health\"";
    /** sun_path holds 108 bytes including the terminating NUL. */
    static final int MAX_UNIX_PATH_BYTES = 107;

    /** An HTTP URL taken apart: where to connect, what to ask for, and the Host header. */
    record HttpUrl(Endpoint.Tcp endpoint, String path, String hostHeader) {}

    private Endpoints() {
    }

    static Optional<Endpoint.Tcp> address(TomlReader r, String key) {
        Optional<String> text = r.text(key, ADDRESS_EXPECTED);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String s = text.get().strip();
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? "" : s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            r.problem(key, TomlValues.quote(s), "an IPv6 address needs brackets", ADDRESS_EXPECTED);
            return Optional.empty();
        }
        if (colon < 0 || host.isEmpty()) {
            r.problem(key, TomlValues.quote(s), "must be host:port", ADDRESS_EXPECTED);
            return Optional.empty();
        }
        Optional<Integer> port = port(s.substring(colon + 1));
        if (port.isEmpty()) {
            r.problem(key, TomlValues.quote(s), "has no valid port (1-65535)", ADDRESS_EXPECTED);
            return Optional.empty();
        }
        return Optional.of(new Endpoint.Tcp(host, port.get()));
    }

    private static Optional<Integer> port(String text) {
        if (!text.matches("\\d{1,5}")) {
            return Optional.empty();
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
    }

    static Optional<Endpoint.Unix> unix(TomlReader r, String key) {
        Optional<String> text = r.text(key, UNIX_EXPECTED);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = r.problems().dir().resolve(text.get()).normalize();
        } catch (InvalidPathException e) {
            r.problem(key, TomlValues.quote(text.get()), "is not a valid path", UNIX_EXPECTED);
            return Optional.empty();
        }
        int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_UNIX_PATH_BYTES) {
            r.problem(key, TomlValues.quote(text.get()),
                    "is " + bytes + " bytes once resolved, longer than the " + MAX_UNIX_PATH_BYTES + " a Unix socket allows",
                    "a shorter path");
            return Optional.empty();
        }
        return Optional.of(new Endpoint.Unix(path));
    }

    static Optional<HttpUrl> url(TomlReader r, String key) {
        Optional<String> text = r.text(key, URL_EXPECTED);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String s = text.get().strip();
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            r.problem(key, TomlValues.quote(s), "is not a URL: " + e.getReason(), URL_EXPECTED);
            return Optional.empty();
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            r.problem(key, TomlValues.quote(s), "must use http:// (TLS is not probed; use kind = \"tcp\" for a TLS port)",
                    URL_EXPECTED);
            return Optional.empty();
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            r.problem(key, TomlValues.quote(s), "has no host", URL_EXPECTED);
            return Optional.empty();
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        if (port < 1 || port > 65535) {
            r.problem(key, TomlValues.quote(s), "has no valid port (1-65535)", URL_EXPECTED);
            return Optional.empty();
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String hostHeader = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + port;
        return Optional.of(new HttpUrl(new Endpoint.Tcp(host, port), path, hostHeader));
    }
}
