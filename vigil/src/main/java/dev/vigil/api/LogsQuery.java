package dev.vigil.api;

/**
 * Params of {@code vigil.logs}. {@code lines} defaults to {@value #DEFAULT_LINES} and is at most
 * {@value #MAX_LINES}. With {@code after}, only lines with a greater {@code seq} are returned
 * (the first {@code lines} of them, oldest first), so a follower that passes back each page's
 * cursor sees every line once.
 */
@Doc("Which captured output to return")
public record LogsQuery(
        @Doc("the service") String name,
        @Doc("only this process's lines; default all processes") @Nullable String process,
        @Doc("how many lines, 1..10000, default 100 (the last ones, or the first ones after 'after')") @Nullable Integer lines,
        @Doc("a cursor from an earlier page: only lines after it") @Nullable Long after) {

    public static final int DEFAULT_LINES = 100;
    public static final int MAX_LINES = 10_000;

    public LogsQuery {
        if (name == null || name.isBlank()) {
            throw new InvalidParamsException("name", "must be a non-empty service name");
        }
        lines = lines == null ? DEFAULT_LINES : lines;
        if (lines < 1 || lines > MAX_LINES) {
            throw new InvalidParamsException("lines", "must be 1.." + MAX_LINES + ", was " + lines);
        }
        if (after != null && after < 0) {
            throw new InvalidParamsException("after", "must be >= 0, was " + after);
        }
    }
}
