package dev.vigil.api;

import java.util.List;

/** Result of {@code vigil.notify_test}: one outcome per target tried, in config order. */
@Doc("Test notifications sent through [[notify]] targets")
public record AlertTestResults(@Doc("one per target tried") List<AlertTestOutcome> results) {
    public AlertTestResults {
        results = List.copyOf(results);
    }
}
