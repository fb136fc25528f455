package dev.vigil.api;

import dev.vigil.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The one wording of a timed next action ("retry in 4m55s"): the daemon writes it into
 * {@code next_action}, and a client that prints it later counts it down again from its own clock
 * ({@code next_action_at}), so "in 4m55s" is true when it is read, not when it was sent.
 */
public final class NextActionText {

    /** The countdown {@link #timed} appends; its number is {@link Durations#compact}. */
    private static final Pattern COUNTDOWN = Pattern.compile(" in [0-9a-z]+$");

    private NextActionText() {
    }

    /** "retry in 4m55s": {@code what} happens at {@code at}, as of {@code now} (past = "in 0ms"). */
    public static String timed(String what, Instant at, Instant now) {
        return what + " in " + Durations.compact(Duration.between(now, at).toMillis());
    }

    /**
     * The daemon's {@code nextAction} as of {@code now}: its countdown recomputed when it is timed
     * ({@code at} not null), else the text as sent.
     */
    public static String asOf(String nextAction, Instant at, Instant now) {
        if (nextAction == null || at == null) {
            return nextAction;
        }
        return timed(COUNTDOWN.matcher(nextAction).replaceFirst(""), at, now);
    }
}
