package dev.vigil.cli;

import java.util.Locale;

/**
 * How a service state looks: a glyph that differs per state, the state word, and a colour used
 * only on a terminal. The glyph and word always carry the meaning; colour only repeats it.
 */
enum StateStyle {
    RUNNING("●", "32"),
    DEGRADED("◐", "33"),
    STOPPED("○", "2"),
    FAILED("✕", "31"),
    STARTING("◌", "36"),
    BACKOFF("◌", "33"),
    STOPPING("◌", "36"),
    UNKNOWN("?", "35");

    private final String glyph;
    private final String ansi;

    StateStyle(String glyph, String ansi) {
        this.glyph = glyph;
        this.ansi = ansi;
    }

    static StateStyle of(String wireState) {
        if (wireState == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(wireState.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN; // a newer daemon's state: still printed, by its word
        }
    }

    /** "● running" (the word as the daemon sent it). */
    String label(String wireState) {
        return glyph + " " + (wireState == null ? "unknown" : wireState);
    }

    /** Wraps already padded text in this state's colour when {@code colour}. */
    String paint(String text, boolean colour) {
        return colour ? "\u001b[" + ansi + "m" + text + "\u001b[0m" : text;
    }
}
