package dev.vigil.store;

import dev.vigil.event.VigilEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which events become a new row and which only add to the count of a row already written.
 * A probe failing every 100 ms used to write 864,000 rows a day, each saying the same thing.
 *
 * <p>Coalescable are {@code probe_failed} (one run per service, process and probe) and
 * {@code notify_status} (one run per service and process). A repeat joins its run's row when it is
 * identical to the run's first event except for the fields that always vary ({@code latency_ms},
 * {@code consecutive}), and the run is younger than {@link #MAX_RUN} (so a failure that lasts for
 * days is still a row per hour, and retention can delete the old part). Any other event of the same
 * service (a restart, a state change, a recovery) ends all of that service's runs, so the stored
 * history keeps its order. Pure and single-threaded: the event writer owns it.
 */
final class EventCoalescer {
    static final Duration MAX_RUN = Duration.ofHours(1);
    private static final Set<String> VARYING = Set.of("latency_ms", "consecutive");

    /** Which run an event belongs to. */
    record RunKey(String service, String process, String type, String name) {}

    /** What to store for one event. */
    sealed interface Step {
        TimedEvent event();

        /** A new row; {@code run} is non-null when later repeats may join it. */
        record Insert(TimedEvent event, RunKey run) implements Step {}

        /** Add one to the count of {@code run}'s row and move its last-seen time to this event's. */
        record Repeat(TimedEvent event, RunKey run) implements Step {}
    }

    private record Run(Map<String, Object> identity, Instant first) {}

    private final Map<String, Map<RunKey, Run>> runsByService = new HashMap<>();

    Step next(TimedEvent timed) {
        VigilEvent event = timed.event();
        RunKey key = keyOf(event);
        if (key == null) {
            if (event.service() != null) {
                runsByService.remove(event.service());
            }
            return new Step.Insert(timed, null);
        }
        Map<RunKey, Run> runs = runsByService.computeIfAbsent(event.service(), s -> new HashMap<>());
        Map<String, Object> identity = identity(event);
        Run run = runs.get(key);
        if (run != null && run.identity().equals(identity)
                && Duration.between(run.first(), timed.at()).compareTo(MAX_RUN) < 0) {
            return new Step.Repeat(timed, key);
        }
        runs.put(key, new Run(identity, timed.at()));
        return new Step.Insert(timed, key);
    }

    List<Step> steps(List<TimedEvent> events) {
        return events.stream().map(this::next).toList();
    }

    private static RunKey keyOf(VigilEvent event) {
        if (event.service() == null) {
            return null;
        }
        return switch (event.type()) {
            case "probe_failed" -> new RunKey(event.service(), event.process(), event.type(),
                    String.valueOf(event.fields().get("probe")));
            case "notify_status" -> new RunKey(event.service(), event.process(), event.type(), "");
            default -> null;
        };
    }

    private static Map<String, Object> identity(VigilEvent event) {
        Map<String, Object> identity = new LinkedHashMap<>(event.fields());
        identity.keySet().removeAll(VARYING);
        identity.put("severity", Objects.toString(event.severity()));
        return identity;
    }
}
