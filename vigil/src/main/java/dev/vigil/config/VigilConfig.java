package dev.vigil.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A whole, validated configuration: immutable, and only ever built when every check passed.
 *
 * @param sources the files it was read from, in reading order
 * @param daemon  daemon-wide settings ({@code [daemon]})
 * @param services services in the order they were declared; names are unique
 * @param http     the HTTP listener ({@code [http]}); empty = none
 * @param alerts   the {@code [[notify]]} targets of alert notifications; names are unique
 * @param consul   the Consul agent whose watchdog TTL checks the daemon keeps ({@code [consul]}); empty = none
 */
public record VigilConfig(List<Path> sources, DaemonSettings daemon, List<ServiceSpec> services,
                          Optional<HttpSpec> http, List<AlertTarget> alerts, Optional<ConsulSpec> consul) {
    public VigilConfig {
        sources = List.copyOf(sources);
        services = List.copyOf(services);
        alerts = List.copyOf(alerts);
    }

    /** A configuration without {@code [consul]}. */
    public VigilConfig(List<Path> sources, DaemonSettings daemon, List<ServiceSpec> services,
                       Optional<HttpSpec> http, List<AlertTarget> alerts) {
        this(sources, daemon, services, http, alerts, Optional.empty());
    }

    /** A configuration without {@code [http]} and without {@code [[notify]]}. */
    public VigilConfig(List<Path> sources, DaemonSettings daemon, List<ServiceSpec> services) {
        this(sources, daemon, services, Optional.empty(), List.of());
    }

    /** A configuration without {@code [[notify]]}. */
    public VigilConfig(List<Path> sources, DaemonSettings daemon, List<ServiceSpec> services, Optional<HttpSpec> http) {
        this(sources, daemon, services, http, List.of());
    }

    public Optional<ServiceSpec> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
