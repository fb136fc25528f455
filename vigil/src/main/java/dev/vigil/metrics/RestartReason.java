package dev.vigil.metrics;

import java.util.Locale;

/** Why a service (or one of its processes) was restarted: the {@code reason} label of the restart counter. */
public enum RestartReason {
    /** The process exited by itself (any code), or could not be started; the restart policy restarts it. */
    EXIT,
    /** The process was killed by a signal Vigil did not send; the restart policy restarts it. */
    SIGNAL,
    /** A probe's consecutive failures reached {@code restart_after}. */
    PROBE,
    /** The process missed its WATCHDOG=1 deadline (or sent WATCHDOG=trigger). */
    WATCHDOG,
    /** An operator asked for it ({@code vigil restart}, {@code POST .../restart}). */
    MANUAL,
    /** A reload changed the service's spec. */
    RELOAD;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
