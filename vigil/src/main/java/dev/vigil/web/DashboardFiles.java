package dev.vigil.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The dashboard's static files (docs/DASHBOARD.md), read once from the jar's
 * {@code dev/vigil/web/dashboard/}. Only the files listed here are served, so no path from a
 * request ever reaches the class loader. The page is a view of the API: it holds no data itself.
 */
final class DashboardFiles {

    private static final String BASE = "/dev/vigil/web/dashboard/";
    /** Path on the listener → file name and content type. */
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/dashboard/app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
            "/dashboard/view.js", new String[] {"view.js", "text/javascript; charset=utf-8"},
            "/dashboard/probes.js", new String[] {"probes.js", "text/javascript; charset=utf-8"},
            "/dashboard/timeline.js", new String[] {"timeline.js", "text/javascript; charset=utf-8"},
            "/dashboard/log.js", new String[] {"log.js", "text/javascript; charset=utf-8"},
            "/dashboard/style.css", new String[] {"style.css", "text/css; charset=utf-8"});
    /** Scripts and styles from this origin only; no inline script, no framing. */
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final Map<String, byte[]> bodies = new LinkedHashMap<>();

    DashboardFiles() {
        for (var entry : FILES.entrySet()) {
            try (InputStream in = DashboardFiles.class.getResourceAsStream(BASE + entry.getValue()[0])) {
                if (in == null) {
                    throw new IllegalStateException("dashboard file missing from the jar: " + BASE + entry.getValue()[0]);
                }
                bodies.put(entry.getKey(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static boolean serves(String path) {
        return FILES.containsKey(path);
    }

    void handle(String path, Response response, Callback callback) {
        byte[] body = Optional.ofNullable(bodies.get(path)).orElseThrow();
        response.getHeaders().put("Content-Security-Policy", POLICY);
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        Answers.send(response, callback, 200, FILES.get(path)[1], body);
    }
}
