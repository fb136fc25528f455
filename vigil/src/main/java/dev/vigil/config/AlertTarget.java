package dev.vigil.config;

import dev.vigil.event.Severity;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code [[notify]]} entry: who is told about which services, and how.
 *
 * @param name        unique among targets; names the target in logs, metrics and {@code vigil notify test}
 * @param on          the triggers that open an alert, plus {@code recovered} for its resolution
 * @param services    the services covered; empty means all
 * @param minSeverity events below this severity are ignored
 * @param timeout     the longest one delivery attempt may take (exec: then its group is killed)
 * @param repeat      a reminder while an alert stays open; empty = none
 * @param groupWait   events for one service within this window become one notification
 * @param where       the position of the entry, for messages
 */
public record AlertTarget(String name, Set<AlertTrigger> on, List<String> services, Severity minSeverity,
                          AlertTransport transport, Duration timeout, Optional<Duration> repeat, Duration groupWait,
                          SourceRef where) {
    public AlertTarget {
        on = on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on));
        services = List.copyOf(services);
    }

    public boolean covers(String service) {
        return services.isEmpty() || services.contains(service);
    }
}
