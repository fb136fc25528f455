package dev.vigil.supervise;

import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.ProbeReport;
import java.util.Optional;

/**
 * What the core knows about one probe: whether it runs (and for which instance), its latest
 * report, and for a startup probe whether it has passed. The probe side counts; the core only
 * reads its counters.
 *
 * @param spec     the probe
 * @param instance the instance it runs for; 0 = not running
 * @param last     the latest counted report for that instance
 * @param passed   startup probes: passed for the current instance
 */
record ProbeSlot(ProbeSpec spec, long instance, Optional<ProbeReport> last, boolean passed) {

    static ProbeSlot initial(ProbeSpec spec) {
        return new ProbeSlot(spec, 0, Optional.empty(), false);
    }

    String name() {
        return spec.name();
    }

    ProbeRole role() {
        return spec.role();
    }

    boolean active() {
        return instance != 0;
    }

    /** Running, and its debounced verdict is red. */
    boolean failing() {
        return active() && last.isPresent() && last.get().failing();
    }

    boolean unprobeable() {
        return last.map(r -> r.outcome() instanceof ProbeOutcome.Unprobeable).orElse(false);
    }

    /** Fresh counters for a new instance. */
    ProbeSlot startedFor(long newInstance) {
        return new ProbeSlot(spec, newInstance, Optional.empty(), false);
    }

    /** No longer running; the last report stays for display. */
    ProbeSlot stopped() {
        return new ProbeSlot(spec, 0, last, passed);
    }

    ProbeSlot withReport(ProbeReport report) {
        return new ProbeSlot(spec, instance, Optional.of(report), passed);
    }

    ProbeSlot passedStartup() {
        return new ProbeSlot(spec, 0, last, true);
    }

    /**
     * "ui: connect refused (unix:/run/os/ui.sock), 3/3"; for the memory probe "memory: rss 431 MiB
     * above restart_on_memory 400 MiB (group 1234, 2 processes) for 2 checks".
     */
    String describeFailure(int threshold) {
        String why = last.map(r -> r.outcome().describe()).orElse("failing");
        int count = last.map(ProbeReport::consecutiveFailures).orElse(0);
        if (spec.target() instanceof ProbeTarget.Memory) {
            return name() + ": " + why + " for " + count + (count == 1 ? " check" : " checks");
        }
        return name() + ": " + why + " (" + spec.target().describe() + "), " + count + "/" + threshold;
    }
}
