package dev.vigil.liveness;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Sends systemd notify-protocol states ({@code READY=1}, {@code STATUS=...}, {@code WATCHDOG=1},
 * {@code WATCHDOG=trigger}, {@code STOPPING=1}). Called only from the watchdog thread and from
 * {@link Liveness#close()}.
 */
public interface Notifier extends AutoCloseable {
    /** Sends one datagram holding {@code state}; failures are logged, never thrown. */
    void send(String state);

    /** The systemd watchdog interval (WATCHDOG_USEC) if the service manager asked for pings. */
    default Optional<Duration> watchdogInterval() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }

    /** A notifier that sends nothing. */
    static Notifier none() {
        return state -> { };
    }

    /**
     * The notifier the environment asks for: a sender to {@code NOTIFY_SOCKET} (a path, or an
     * abstract socket written {@code @name}), or {@link #none()} if the variable is unset or native
     * access is denied (warned once through {@code System.Logger}).
     */
    static Notifier fromEnvironment() {
        return SdNotify.fromEnvironment(System.getenv(), ProcessHandle.current().pid());
    }

    /** As {@link #fromEnvironment()} with an explicit environment and pid, for tests. */
    static Notifier fromEnvironment(Map<String, String> environment, long pid) {
        return SdNotify.fromEnvironment(environment, pid);
    }
}
