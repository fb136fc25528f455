package dev.vigil.export;

/**
 * One thing an export could not say exactly as the Vigil config says it: printed as one warning
 * line on stderr, e.g.
 * {@code warning: services.web.probes.health.timeout: 500ms -> timeoutSeconds 1 (Kubernetes counts whole seconds; rounded up)}.
 *
 * @param field the config field, dotted as in {@code vigil check} messages, so it names the
 *              service, the probe (or process) and the key
 * @param from  what the config says
 * @param to    what the export says instead
 * @param why   the reason, in a few words
 */
public record Lossy(String field, String from, String to, String why) {

    @Override
    public String toString() {
        return "warning: " + field + ": " + from + " -> " + to + " (" + why + ")";
    }
}
