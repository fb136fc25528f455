package dev.vigil.consul;

import dev.vigil.config.ConsulSpec;
import dev.vigil.config.ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One TTL check the daemon keeps: a process with an sd_notify watchdog.
 *
 * @param ttl the process's configured watchdog period, which {@code vigil export consul} made the
 *            check's TTL
 */
public record WatchedCheck(String service, String process, String checkId, Duration ttl) {

    /** Every process with a watchdog in the services {@code consul} names (all, when it names none). */
    public static List<WatchedCheck> of(ConsulSpec consul, List<ServiceSpec> services) {
        List<WatchedCheck> checks = new ArrayList<>();
        for (ServiceSpec service : services) {
            if (!consul.services().isEmpty() && !consul.services().contains(service.name())) {
                continue;
            }
            service.processes().forEach(p -> p.watchdog().ifPresent(period -> checks.add(new WatchedCheck(
                    service.name(), p.name(), ConsulChecks.watchdogId(service.name(), p.name()), period))));
        }
        return List.copyOf(checks);
    }
}
