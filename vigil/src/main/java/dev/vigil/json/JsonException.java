package dev.vigil.json;

/** Text that is not valid JSON, or a value that cannot be written as JSON; the message says where and why. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}
