package dev.vigil.liveness;

/**
 * What the application declared about readiness, written by application threads through
 * {@link Liveness#ready()} and {@link Liveness#notReady(String)}, read by the watchdog.
 */
final class ReadinessState {
    private record Declared(boolean started, String notReadyReason) {
    }

    private volatile Declared declared = new Declared(false, null);

    void ready() {
        declared = new Declared(true, null);
    }

    void notReady(String reason) {
        declared = new Declared(declared.started(), reason == null || reason.isBlank() ? "not ready" : reason);
    }

    boolean started() {
        return declared.started();
    }

    /** The declared reason for not being ready, including "starting"; null if declared ready. */
    String reason() {
        Declared d = declared;
        if (d.notReadyReason() != null) {
            return d.notReadyReason();
        }
        return d.started() ? null : "starting: ready() not called yet";
    }
}
