package dev.vigil.cli;

import dev.vigil.api.ServiceState;
import java.util.Locale;

/**
 * How a service state looks: a glyph that differs per state, the state word, and a colour used
 * only on a terminal. The glyph and word always carry the meaning; colour only repeats it.
 */
enum StateStyle {
    RUNNING(ServiceState.RUNNING, "32"),
    DEGRADED(ServiceState.DEGRADED, "33"),
    STOPPED(ServiceState.STOPPED, "2"),
    FAILED(ServiceState.FAILED, "31"),
    STARTING(ServiceState.STARTING, "36"),
    BACKOFF(ServiceState.BACKOFF, "33"),
    STOPPING(ServiceState.STOPPING, "36"),
    WAITING(ServiceState.WAITING, "36"),
    UNKNOWN(null, "35");

    private final String glyph;
    private final String ansi;

    /** {@code state} null: a state this CLI does not know. */
    StateStyle(ServiceState state, String ansi) {
        this.glyph = state == null ? "?" : state.glyph();
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

    String glyph() {
        return glyph;
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
