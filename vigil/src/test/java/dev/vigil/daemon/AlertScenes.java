package dev.vigil.daemon;

/** Configs for the alert ITs: a service whose tcp probe the test turns red and green with a listener. */
final class AlertScenes {

    private AlertScenes() {
    }

    /** Service {@code api} probing 127.0.0.1:{@code port} every 500ms, never restarted for it, plus {@code notify}. */
    static String probedService(int port, String notify) {
        return """
                [services.api]
                command = ["/bin/sleep", "3600"]
                on_degraded = "warn"

                [services.api.probes.port]
                kind = "tcp"
                address = "127.0.0.1:%d"
                interval = "500ms"
                timeout = "400ms"
                failures = 1

                """.formatted(port) + notify;
    }
}
