package dev.vigil.supervise;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The source of backoff spread, injected so that the core stays deterministic under test.
 * Returns a sample in [-1, 1]; the backoff delay becomes {@code base * (1 + jitter * sample)}.
 */
@FunctionalInterface
public interface Jitter {

    double sample();

    /** Uniform in [-1, 1]: what the daemon uses, so services that crashed together do not restart together. */
    static Jitter random() {
        return () -> ThreadLocalRandom.current().nextDouble(-1.0, 1.0);
    }

    /** Always {@code value} (clamped to [-1, 1]); for tests and for jitter-free behaviour. */
    static Jitter fixed(double value) {
        double clamped = Math.max(-1.0, Math.min(1.0, value));
        return () -> clamped;
    }
}
