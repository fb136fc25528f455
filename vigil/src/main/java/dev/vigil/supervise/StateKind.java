package dev.vigil.supervise;

import dev.vigil.api.ServiceState;

/**
 * The kind of a service's state, as people see it: what {@code vigil list} prints with a glyph.
 * The state itself (with its deadlines and reasons) lives in the core; this is its public face.
 */
public enum StateKind {
    STOPPED(ServiceState.STOPPED),
    STARTING(ServiceState.STARTING),
    RUNNING(ServiceState.RUNNING),
    DEGRADED(ServiceState.DEGRADED),
    BACKOFF(ServiceState.BACKOFF),
    FAILED(ServiceState.FAILED),
    STOPPING(ServiceState.STOPPING),
    WAITING(ServiceState.WAITING);

    private final ServiceState face;

    StateKind(ServiceState face) {
        this.face = face;
    }

    /** How this kind is shown and sent: its word and glyph are defined once, there. */
    public ServiceState face() {
        return face;
    }

    /** One character for terminals: ● running, ◐ degraded, ○ stopped, ✕ failed, ◌ in between. */
    public String glyph() {
        return face.glyph();
    }

    /** The lower-case name used in the JSON log and the API ("degraded"). */
    public String label() {
        return face.word();
    }

    /** True when no process of the service is meant to exist (stopped, backoff, failed, waiting). */
    public boolean quiescent() {
        return this == STOPPED || this == BACKOFF || this == FAILED || this == WAITING;
    }
}
