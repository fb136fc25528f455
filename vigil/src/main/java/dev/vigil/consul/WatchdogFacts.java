package dev.vigil.consul;

import java.time.Duration;
import java.util.Optional;

/** What the daemon knows of a process's watchdog right now; read off the supervisor's thread. */
@FunctionalInterface
public interface WatchdogFacts {

    /**
     * @param alive         a process runs (starting, up or being stopped)
     * @param upFor         how long the current start has run; zero when not alive
     * @param sinceLastPing since the last WATCHDOG=1 of this process (any start); empty if none yet
     */
    record ProcessFacts(boolean alive, Duration upFor, Optional<Duration> sinceLastPing) {}

    ProcessFacts of(String service, String process);
}
