package dev.vigil.api;

import dev.vigil.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Error lines the transport sends on its own (busy, denied, idle, too large), with {@code id: null}. */
final class TransportErrors {
    private TransportErrors() {
    }

    static String line(int code, String message, Map<String, Object> data) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (!data.isEmpty()) {
            error.put("data", data);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", null);
        response.put("error", error);
        return Json.write(response);
    }
}
