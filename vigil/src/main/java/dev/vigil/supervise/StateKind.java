package dev.vigil.supervise;

/**
 * The kind of a service's state, as people see it: what {@code vigil list} prints with a glyph.
 * The state itself (with its deadlines and reasons) lives in the core; this is its public face.
 */
public enum StateKind {
    STOPPED("○", "stopped"),
    STARTING("◌", "starting"),
    RUNNING("●", "running"),
    DEGRADED("◐", "degraded"),
    BACKOFF("◌", "backoff"),
    FAILED("✕", "failed"),
    STOPPING("◌", "stopping");

    private final String glyph;
    private final String label;

    StateKind(String glyph, String label) {
        this.glyph = glyph;
        this.label = label;
    }

    /** One character for terminals: ● running, ◐ degraded, ○ stopped, ✕ failed, ◌ in between. */
    public String glyph() {
        return glyph;
    }

    /** The lower-case name used in the JSON log and the API ("degraded"). */
    public String label() {
        return label;
    }

    /** True when no process of the service is meant to exist (stopped, backoff, failed). */
    public boolean quiescent() {
        return this == STOPPED || this == BACKOFF || this == FAILED;
    }
}
