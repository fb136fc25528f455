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
 */
public record VigilConfig(List<Path> sources, DaemonSettings daemon, List<ServiceSpec> services,
                          Optional<HttpSpec> http) {
    public VigilConfig {
        sources = List.copyOf(sources);
        services = List.copyOf(services);
    }

    /** A configuration without {@code [http]}. */
    public VigilConfig(List<Path> sources, DaemonSettings daemon, List<ServiceSpec> services) {
        this(sources, daemon, services, Optional.empty());
    }

    public Optional<ServiceSpec> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
