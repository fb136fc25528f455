package dev.vigil.daemon;

import java.time.Duration;

/**
 * A test hook, off unless the daemon JVM runs with {@code -Dvigil.fault.error-after-ms=N}: N
 * milliseconds after the services were started, a thread named {@value #THREAD} throws an
 * OutOfMemoryError, so tests can prove that {@link FatalErrors} stops every service and exits with
 * {@link Daemon#FATAL}. It changes nothing else; no real heap is exhausted.
 */
final class FaultInjection {
    static final String PROPERTY = "vigil.fault.error-after-ms";
    static final String THREAD = "vigil-fault-injection";

    private FaultInjection() {
    }

    /** Starts the failing thread if the property asks for it. */
    static void startIfAsked() {
        String after = System.getProperty(PROPERTY);
        if (after == null) {
            return;
        }
        Duration delay = Duration.ofMillis(Long.parseLong(after.strip()));
        Thread.ofPlatform().name(THREAD).daemon(true).start(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            throw new OutOfMemoryError("injected by -D" + PROPERTY + "=" + after);
        });
    }
}
