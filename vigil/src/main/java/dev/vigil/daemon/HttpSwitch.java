package dev.vigil.daemon;

import dev.vigil.api.MethodRegistry;
import dev.vigil.config.HttpSpec;
import dev.vigil.metrics.DaemonHealth;
import dev.vigil.metrics.ServiceCounters;
import dev.vigil.supervise.Supervisor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the HTTP listener on, keeps it, rebinds it or turns it off as {@code [http]} says, first
 * at start-up and then at every reload. Without {@code [http]} it never touches {@link HttpSide},
 * so neither Jetty nor the Prometheus client is loaded and the daemon keeps its footprint.
 * Thread-safe (start-up and reloads are serialised here).
 */
final class HttpSwitch implements AutoCloseable {

    static final String VERSION = "0.1.0";
    /** The supervisor must work through its mailbox within this for /livez to pass. */
    static final Duration SUPERVISOR_LATE = Duration.ofSeconds(5);

    /** What the listener serves. */
    record Parts(Supervisor supervisor, MethodRegistry methods, ServiceCounters counters, DaemonHealth health,
                 Path stateDir, Path configPath) {}

    private final Parts parts;
    private final EventBus bus;
    private HttpSide side;

    HttpSwitch(Parts parts, EventBus bus) {
        this.parts = parts;
        this.bus = bus;
    }

    /**
     * Applies {@code http}: on, kept, rebound or off.
     *
     * @throws IOException when the listener cannot bind; the listener is then off
     */
    synchronized void apply(Optional<HttpSpec> http) throws IOException {
        if (http.isEmpty()) {
            if (side != null) {
                side.close();
                side = null;
                bus.accept(DaemonEvent.info("http_stopped", Map.of()));
            }
            return;
        }
        try {
            if (side == null) {
                side = HttpSide.start(http.get(), parts);
            } else if (!side.apply(http.get())) {
                return;
            }
        } catch (IOException e) {
            if (side != null) {
                side.close();
                side = null;
            }
            bus.accept(DaemonEvent.warn("http_listen_failed", Map.of("listen", http.get().listen().toString(),
                    "error", String.valueOf(e.getMessage()))));
            throw e;
        }
        bus.accept(DaemonEvent.info("http_listening", Map.of("url", side.url())));
    }

    /** As {@link #apply}, for a reload: a listener that cannot bind is reported, not fatal. */
    void applyOnReload(Optional<HttpSpec> http) {
        try {
            apply(http);
        } catch (IOException e) {
            // Reported as http_listen_failed; the daemon keeps supervising without the listener.
        }
    }

    @Override
    public synchronized void close() {
        if (side != null) {
            side.close();
            side = null;
        }
    }
}
