package dev.vigil.daemon;

import dev.vigil.consul.WatchdogFacts;
import dev.vigil.metrics.ServiceCounters;
import dev.vigil.supervise.Supervisor;
import dev.vigil.supervise.SupervisorSnapshot;
import dev.vigil.time.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * A process's watchdog facts for the Consul TTL updater, from the published snapshot (alive, since
 * when) and the counters (the last WATCHDOG=1): both read without ever waiting on the supervisor.
 */
final class ConsulFacts implements WatchdogFacts {

    private final Supervisor supervisor;
    private final ServiceCounters counters;
    private final Ticker ticker;

    ConsulFacts(Supervisor supervisor, ServiceCounters counters, Ticker ticker) {
        this.supervisor = supervisor;
        this.counters = counters;
        this.ticker = ticker;
    }

    @Override
    public ProcessFacts of(String service, String process) {
        Optional<SupervisorSnapshot.ProcessView> view = supervisor.snapshot().service(service)
                .flatMap(s -> s.processes().stream().filter(p -> p.name().equals(process)).findFirst());
        if (view.isEmpty() || !view.get().alive()) {
            return new ProcessFacts(false, Duration.ZERO, Optional.empty());
        }
        Duration upFor = view.get().startedAt().map(at -> Duration.between(at, ticker.wallClock()))
                .filter(d -> !d.isNegative()).orElse(Duration.ZERO);
        Double age = counters.watchdogPingAgeSeconds().get(new ServiceCounters.ProcessKey(service, process));
        return new ProcessFacts(true, upFor, Optional.ofNullable(age).map(s -> Duration.ofNanos((long) (s * 1e9))));
    }
}
