package dev.vigil.api;

/** A service's state as the API reports it; on the wire the lower-case name ({@code "running"}). */
public enum ServiceState {
    STARTING, RUNNING, DEGRADED, BACKOFF, FAILED, STOPPING, STOPPED
}
