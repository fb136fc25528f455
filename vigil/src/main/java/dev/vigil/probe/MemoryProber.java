package dev.vigil.probe;

import dev.vigil.config.ByteSizes;
import dev.vigil.config.ProbeTarget;
import dev.vigil.time.Ticker;
import java.time.Duration;

/**
 * The {@code memory} probe: healthy while the group's resident memory is at most the limit,
 * unhealthy above it. A reading that cannot be taken is {@link ProbeOutcome.Unprobeable}, which
 * counts neither way: a process that is gone or a /proc Vigil cannot read is no evidence of
 * memory growth. Stateless; the consecutive count lives in the scheduler, like every probe's.
 */
final class MemoryProber {

    private MemoryProber() {
    }

    static ProbeOutcome probe(ProbeTarget.Memory target, MemoryGauge gauge, Ticker ticker) {
        long started = ticker.nanoTime();
        MemoryReading reading = gauge.read(target.service(), target.process());
        Duration latency = Duration.ofNanos(ticker.nanoTime() - started);
        return switch (reading) {
            case MemoryReading.Unreadable u -> new ProbeOutcome.Unprobeable("resident memory not measured: " + u.why());
            case MemoryReading.Measured m when m.bytes() > target.limitBytes() -> new ProbeOutcome.Unhealthy(
                    "rss " + ByteSizes.human(m.bytes()) + " above restart_on_memory " + ByteSizes.human(target.limitBytes())
                            + " (" + m.scope() + ")", latency);
            case MemoryReading.Measured m -> new ProbeOutcome.Healthy(latency,
                    "rss " + ByteSizes.human(m.bytes()) + " of " + ByteSizes.human(target.limitBytes()) + " (" + m.scope() + ")");
        };
    }
}
