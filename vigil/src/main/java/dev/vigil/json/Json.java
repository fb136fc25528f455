package dev.vigil.json;

/**
 * A small, dependency-free JSON codec for the CLI, the control client and the probes, where
 * Jackson's start-up cost (~250 ms) would dominate a {@code vigil list} or a {@code vigil probe}.
 * It sits in its own low package so that api, cli and probe can all use it.
 *
 * <p>Values map to Java as: object → {@code LinkedHashMap<String, Object>} (key order kept),
 * array → {@code ArrayList<Object>}, string → {@code String}, integer → {@code Long} (or
 * {@code BigInteger} beyond 64 bits), other numbers → {@code Double} (or {@code BigDecimal} when
 * out of double range), {@code true/false} → {@code Boolean}, {@code null} → {@code null}.
 *
 * <p>Parsing is strict RFC 8259: no comments, no trailing commas, no unescaped control
 * characters, nothing after the value but whitespace, nesting at most {@value #MAX_DEPTH}
 * deep. Stateless and thread-safe.
 */
public final class Json {

    /** Deepest nesting the reader accepts, so hostile input cannot overflow the stack. */
    public static final int MAX_DEPTH = 512;

    private Json() {
    }

    /** Parses one JSON text. @throws JsonException naming the offset and the problem */
    public static Object parse(CharSequence text) {
        return new JsonReader(text, MAX_DEPTH).readDocument();
    }

    /**
     * Writes a value compactly on one line (no raw newline can appear, so the result is a
     * valid newline-framed message). Accepts maps with string keys, iterables, arrays of
     * objects, strings, numbers, booleans, enums (their lower-case name) and {@code null}.
     * Lone surrogates are escaped as {@code \\uXXXX}, so every string survives a UTF-8 trip.
     *
     * @throws JsonException for a non-finite number or a value of another type
     */
    public static String write(Object value) {
        return JsonWriter.write(value, false);
    }

    /** Like {@link #write} but indented by two spaces, for people and for {@code --json}. */
    public static String writePretty(Object value) {
        return JsonWriter.write(value, true);
    }
}
