package dev.vigil.api;

/**
 * Params of {@code vigil.probe_rounds}: the probe rounds judged after round {@code after}, at most
 * {@value #MAX} of them, oldest first ({@code 0}: every round still kept). Null starts following
 * now: no rounds, only the cursor.
 */
@Doc("Which probe rounds to return")
public record ProbeRoundsQuery(
        @Doc("only rounds after this round number (the cursor of an earlier answer; 0 = all kept); null = none, only the cursor") @Nullable Long after) {

    public static final int MAX = 5000;

    public ProbeRoundsQuery {
        if (after != null && after < 0) {
            throw new InvalidParamsException("after", "must be >= 0, was " + after);
        }
    }
}
