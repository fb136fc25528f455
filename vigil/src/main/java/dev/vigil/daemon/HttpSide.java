package dev.vigil.daemon;

import dev.vigil.config.HttpSpec;
import dev.vigil.web.HttpListener;
import dev.vigil.web.WebParts;
import java.io.IOException;

/**
 * The running HTTP listener and what it serves. Only {@link HttpSwitch} touches this class, and
 * only once {@code [http]} is configured: loading it loads Jetty and the Prometheus client.
 */
final class HttpSide implements AutoCloseable {

    private final WebParts parts;
    private HttpListener listener;

    private HttpSide(WebParts parts, HttpListener listener) {
        this.parts = parts;
        this.listener = listener;
    }

    static HttpSide start(HttpSpec spec, HttpSwitch.Parts deps) throws IOException {
        WebParts parts = new WebParts(() -> deps.supervisor().snapshot(), () -> deps.supervisor().settledSnapshot(),
                deps.methods(), deps.counters(), deps.health(), deps.stateDir(), HttpSwitch.VERSION,
                HttpSwitch.SUPERVISOR_LATE, deps.configPath());
        return new HttpSide(parts, HttpListener.start(spec, parts));
    }

    /** Keeps the listener when {@code spec} is unchanged (false), else rebinds it (true). */
    boolean apply(HttpSpec spec) throws IOException {
        if (spec.equals(listener.spec())) {
            return false;
        }
        listener.close();
        listener = HttpListener.start(spec, parts);
        return true;
    }

    String url() {
        return listener.url();
    }

    @Override
    public void close() {
        listener.close();
    }
}
