package dev.vigil.export;

import dev.vigil.config.ServiceSpec;
import java.util.List;

/**
 * The export package's one entry point. The platform exporters (and through them fabric8,
 * Jackson 3 and Jackson YAML) are loaded only when an export runs, never by the daemon or the
 * other CLI commands.
 */
public final class Exports {
    private Exports() {
    }

    /**
     * Translates {@code services} (in the order given) for {@code platform}.
     *
     * @throws IllegalArgumentException if {@code options.format()} is not one of the platform's formats
     */
    public static Exported export(Platform platform, List<ServiceSpec> services, ExportOptions options) {
        if (!platform.formats().contains(options.format())) {
            throw new IllegalArgumentException(platform.cliName() + " exports as " + platform.formats().stream()
                    .map(ExportFormat::cliName).toList() + ", not " + options.format().cliName());
        }
        return switch (platform) {
            case KUBERNETES -> new KubernetesExporter(options).export(services);
            case NOMAD -> new NomadExporter(options).export(services);
            case CONSUL -> new ConsulExporter(options).export(services);
            case DOCKER -> new DockerExporter(options).export(services);
        };
    }
}
