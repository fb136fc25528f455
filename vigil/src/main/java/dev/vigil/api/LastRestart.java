package dev.vigil.api;

import java.time.Instant;

/** The service's last restart that Vigil decided on its own (a crash, a probe, a watchdog). */
@Doc("The service's last automatic restart: when and why")
public record LastRestart(
        @Doc("when the restart was decided") Instant at,
        @Doc("why, in words, e.g. 'health: timed out after 1s (GET http://127.0.0.1:8080/health), 2/2'") String reason) {
}
