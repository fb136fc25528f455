package dev.vigil.alert;

import dev.vigil.config.AlertTarget;
import dev.vigil.config.AlertTransport;
import dev.vigil.config.AlertTrigger;
import dev.vigil.config.SourceRef;
import dev.vigil.event.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Targets for the alert tests, as the config reader would build them. */
final class AlertTargets {

    private AlertTargets() {
    }

    static AlertTarget target(Set<AlertTrigger> on, Duration groupWait, Optional<Duration> repeat, AlertTransport transport,
                              Duration timeout) {
        return new AlertTarget("t", on, List.of(), Severity.DEBUG, transport, timeout, repeat, groupWait,
                new SourceRef(Path.of("vigil.toml"), 1, 1));
    }

    static AlertTarget target(Duration groupWait, Optional<Duration> repeat) {
        return target(AlertTrigger.DEFAULT, groupWait, repeat, new AlertTransport.Exec(List.of("/bin/true")),
                Duration.ofSeconds(5));
    }
}
