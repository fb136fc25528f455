package dev.vigil.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code [consul]}: the daemon keeps the TTL checks that {@code vigil export consul} made of each
 * sd_notify watchdog passing while WATCHDOG=1 arrives, and failing when it stops (docs/EXPORT.md
 * "Consul TTL checks kept by the daemon").
 *
 * @param address   the local Consul agent's HTTP API, e.g. {@code http://127.0.0.1:8500}
 * @param tokenFile an ACL token sent as {@code X-Consul-Token}, read at each update; empty = none
 * @param services  whose watchdogs to report; empty = every service with a watchdog
 * @param timeout   bound of one update (connect and answer)
 * @param where     where {@code [consul]} was declared, for messages only
 */
public record ConsulSpec(URI address, Optional<Path> tokenFile, List<String> services, Duration timeout,
                         SourceRef where) {
    public static final URI DEFAULT_ADDRESS = URI.create("http://127.0.0.1:8500");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    public ConsulSpec {
        services = List.copyOf(services);
    }

    /** Equal when everything but {@link #where} is. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConsulSpec c && address.equals(c.address) && tokenFile.equals(c.tokenFile)
                && services.equals(c.services) && timeout.equals(c.timeout);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(address, tokenFile, services, timeout);
    }
}
