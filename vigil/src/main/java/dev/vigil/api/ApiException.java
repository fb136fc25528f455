package dev.vigil.api;

import java.util.Map;

/**
 * A JSON-RPC error with a code from {@link RpcErrors}, a message for people and structured
 * {@code data} for programs. Thrown by a {@link ControlHandler} to answer with that error, and
 * by {@link ControlClient} when the daemon answered with one.
 */
public class ApiException extends RuntimeException {
    private final int code;
    private final Map<String, Object> data;

    public ApiException(int code, String message, Map<String, Object> data) {
        super(message);
        this.code = code;
        this.data = data == null ? Map.of() : Map.copyOf(data);
    }

    public int code() {
        return code;
    }

    /** Structured detail; JSON-compatible values (strings, numbers, booleans, lists, maps). Never null. */
    public Map<String, Object> data() {
        return data;
    }
}
