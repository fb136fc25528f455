package dev.vigil.api;

import dev.vigil.json.JsonNames;

/** How Java record component names become JSON keys, shared by the serialiser and the schema generator. */
final class ApiNames {
    private ApiNames() {
    }

    /** {@code uptimeMs} → {@code uptime_ms} (the codec's rule, {@link JsonNames#snake}). */
    static String snake(String javaName) {
        return JsonNames.snake(javaName);
    }
}
