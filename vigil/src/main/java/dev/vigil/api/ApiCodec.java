package dev.vigil.api;

import dev.vigil.json.JsonMapper;

/**
 * The API's JSON conventions as two {@link JsonMapper}s (snake_case keys, lower-case enums,
 * ISO-8601 instants, {@link Nullable} components may be null): one for clients, which ignores
 * keys it does not know because a newer daemon may add fields, and one for the daemon, which
 * rejects unknown keys in params and nulls where a component is not {@link Nullable}. Both write
 * the same bytes.
 */
public final class ApiCodec {

    /**
     * Reads the daemon's answers into the result records; unknown keys are ignored, and a missing
     * field that is not a primitive reads as null (the daemon writes every field).
     */
    public static final JsonMapper CLIENT = JsonMapper.lenient();

    /** Binds params strictly (unknown keys rejected) and writes results. */
    public static final JsonMapper SERVER = JsonMapper.strict(Nullable.class);

    private ApiCodec() {
    }
}
