package dev.vigil.json;

/**
 * Text that is not valid JSON, a value that cannot be written as JSON, or JSON that does not fit
 * the record it is bound to; the message says where and why. A binding error carries the JSON
 * path of the offending value ({@code $.probes[2].latency_ms}).
 */
public final class JsonException extends RuntimeException {
    private final String path;
    private final String problem;

    public JsonException(String message) {
        super(message);
        this.path = null;
        this.problem = message;
    }

    /** A binding error at {@code path}; {@code cause} is a record constructor's own complaint, if any. */
    JsonException(String path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** Where binding failed, e.g. {@code $.probes[2].latency_ms}; null for a syntax or writing error. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String problem() {
        return problem;
    }

    /** The first member name of {@link #path()} ({@code probes} for {@code $.probes[2].latency_ms}), or null. */
    public String topField() {
        if (path == null || !path.startsWith("$.")) {
            return null;
        }
        int end = 2;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
            end++;
        }
        return path.substring(2, end);
    }
}
