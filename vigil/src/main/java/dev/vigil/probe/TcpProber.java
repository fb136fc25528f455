package dev.vigil.probe;

import dev.vigil.config.ProbeTarget;
import dev.vigil.time.Ticker;
import java.time.Duration;

/** {@code tcp}: healthy when a connection to the host:port or Unix socket is accepted. */
final class TcpProber {
    private TcpProber() {
    }

    static ProbeOutcome probe(ProbeTarget.Tcp target, Duration timeout, Ticker ticker, DeadlineAlarms alarms) {
        long start = ticker.nanoTime();
        try (Deadline deadline = Deadline.after(timeout, alarms)) {
            Connections.closeQuietly(Connections.connect(target.endpoint(), deadline));
            return new ProbeOutcome.Healthy(Duration.ofNanos(ticker.nanoTime() - start), "connected");
        } catch (ProbeFailure failure) {
            return failure.toOutcome(timeout, Duration.ofNanos(ticker.nanoTime() - start));
        }
    }
}
