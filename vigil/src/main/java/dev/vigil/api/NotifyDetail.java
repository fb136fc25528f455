package dev.vigil.api;

import java.time.Instant;

/** A process's notify channel in {@code vigil.status}: READY, STATUS=, the watchdog's pings. */
@Doc("What a process said over its notify socket (current instance)")
public record NotifyDetail(
        @Doc("READY=1 seen (the start gate is open)") boolean ready,
        @Doc("when READY=1 came; null if not seen in this instance") @Nullable Instant readyAt,
        @Doc("the last STATUS= text; null if none") @Nullable String status,
        @Doc("when the last WATCHDOG=1 came; null if none in this instance") @Nullable Instant lastWatchdogAt,
        @Doc("milliseconds since the last WATCHDOG=1; null if none") @Nullable Long lastWatchdogAgeMs,
        @Doc("the watchdog's interval in milliseconds; 0 = no watchdog") long watchdogIntervalMs,
        @Doc("why a watchdog deadline passed since the last ping; null if none did") @Nullable String watchdogMissed) {
}
