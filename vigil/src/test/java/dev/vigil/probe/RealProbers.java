package dev.vigil.probe;

import dev.vigil.config.ProbeTarget;
import dev.vigil.files.SearchPath;
import dev.vigil.process.ProcessInspector;
import dev.vigil.time.Ticker;
import java.time.Duration;

/** The real probers of every kind on the real clock, with their own alarm thread, which close ends. */
final class RealProbers implements Prober, AutoCloseable {
    private final DeadlineAlarms alarms = DeadlineAlarms.start(Ticker.system(), "test-probe-deadlines");
    private final Prober prober = Prober.standard(Ticker.system(), SearchPath.of(System.getenv("PATH")), alarms,
            ProcessInspector.system());

    @Override
    public ProbeOutcome probe(ProbeTarget target, Duration timeout) {
        return prober.probe(target, timeout);
    }

    @Override
    public void close() {
        alarms.close();
    }
}
