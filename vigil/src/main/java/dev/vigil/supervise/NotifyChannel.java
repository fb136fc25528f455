package dev.vigil.supervise;

import java.time.Instant;
import java.util.Optional;

/**
 * What a process has said over its notify socket, for people: whether READY=1 came (and when),
 * the last WATCHDOG=1 against the watchdog's interval. Only for processes that have a socket
 * ({@code type = "notify"} or a watchdog); of the current instance.
 *
 * @param ready            READY=1 seen (or the start gate opened)
 * @param readyAt          when READY=1 came (wall clock), if seen in this instance
 * @param lastWatchdog     when the last WATCHDOG=1 came (wall clock), if any in this instance
 * @param watchdogInterval the watchdog's interval in milliseconds; 0 = none
 * @param watchdogMissed   why a watchdog deadline passed since the last ping, if one did
 */
public record NotifyChannel(boolean ready, Optional<Instant> readyAt, Optional<Instant> lastWatchdog,
                            long watchdogInterval, Optional<String> watchdogMissed) {
}
