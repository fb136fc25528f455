package dev.vigil.config;

/** {@code restart = "always" | "on-failure" | "never"} (OTP: permanent, transient, temporary). */
public enum RestartMode {
    /** Restart on every exit, clean or not. */
    ALWAYS,
    /** Restart only on a non-zero exit code or death by signal. */
    ON_FAILURE,
    /** Never restart; the service stops when its processes are gone. */
    NEVER
}
