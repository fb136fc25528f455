package dev.vigil.api;

import java.util.Locale;

/**
 * A service's state as the API reports it; on the wire the lower-case name ({@code "running"}).
 * The one definition of how a state reads: its {@link #word} and {@link #glyph}, used alike by the
 * daemon's log lines and messages and by the CLI.
 */
public enum ServiceState {
    STARTING("◌"), RUNNING("●"), DEGRADED("◐"), BACKOFF("◌"), FAILED("✕"), STOPPING("◌"), STOPPED("○"),
    /** Not started yet: a {@code depends_on} condition does not hold. */
    WAITING("◌");

    private final String glyph;
    private final String word;

    ServiceState(String glyph) {
        this.glyph = glyph;
        this.word = name().toLowerCase(Locale.ROOT);
    }

    /** One character for terminals: ● running, ◐ degraded, ○ stopped, ✕ failed, ◌ in between. */
    public String glyph() {
        return glyph;
    }

    /** The lower-case name used on the wire, in the JSON log and in messages ("degraded"). */
    public String word() {
        return word;
    }
}
