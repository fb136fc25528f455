package dev.vigil.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vigil.config.Durations;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.ServiceSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code vigil export docker}: one {@code HEALTHCHECK} line per service, for the image that runs
 * it. Docker keeps one health check per image, so the service's first liveness probe is used
 * (else its first readiness probe, else its first startup probe); the others are recorded as
 * dropped. Docker runs only commands, so every probe but {@code exec} runs as
 * {@code vigil probe SPEC} inside the container, where 127.0.0.1 is the service itself.
 */
final class DockerExporter {
    private static final String DOCKER = "Docker";

    private final ExportOptions options;
    private final Losses losses = new Losses();

    DockerExporter(ExportOptions options) {
        this.options = options;
    }

    Exported export(List<ServiceSpec> services) {
        StringBuilder text = new StringBuilder();
        for (ServiceSpec service : services) {
            List<ProbeSpec> probes = ExportedProbes.of(service, DOCKER, losses);
            Optional<ProbeSpec> chosen = probes.stream()
                    .min(Comparator.comparingInt((ProbeSpec p) -> rank(p.role())));
            if (chosen.isEmpty()) {
                text.append("# ").append(service.name()).append(": no probes to export\n");
                continue;
            }
            ProbeSpec probe = chosen.get();
            for (ProbeSpec other : probes) {
                if (other != probe) {
                    losses.probe(service, other, "role", role(other), "dropped",
                            "Docker keeps one HEALTHCHECK per image; probe " + probe.name() + " has it");
                }
            }
            text.append("# ").append(service.name()).append(": probe ").append(probe.name())
                    .append(" (").append(role(probe)).append(")\n");
            text.append(healthcheck(service, probe)).append('\n');
        }
        return new Exported(text.toString(), losses.list());
    }

    private String healthcheck(ServiceSpec service, ProbeSpec probe) {
        if (probe.successes() > 1) {
            losses.probe(service, probe, "successes", String.valueOf(probe.successes()), "1",
                    "Docker turns healthy on one success");
        }
        List<String> command = switch (probe.target()) {
            case ProbeTarget.Exec exec -> {
                ConfigFields.explicitCwd(probe, exec).ifPresent(cwd -> losses.probe(service, probe, "cwd", cwd.toString(),
                        "the container's working directory", "a HEALTHCHECK command has no working directory of its own"));
                yield exec.command();
            }
            case ProbeTarget.Http http -> {
                HttpChecks.unexpressible(service, probe, http, "200-399", "vigil probe", losses);
                yield VigilProbeArgs.argv(options.vigil(), service, probe, losses);
            }
            case ProbeTarget.Tcp t -> VigilProbeArgs.argv(options.vigil(), service, probe, losses);
            case ProbeTarget.JsonRpc j -> VigilProbeArgs.argv(options.vigil(), service, probe, losses);
            case ProbeTarget.Grpc g -> VigilProbeArgs.argv(options.vigil(), service, probe, losses);
            case ProbeTarget.Memory m -> throw ExportedProbes.notExported(probe);
        };
        ArrayNode exec = Documents.mapper().createArrayNode();
        command.forEach(exec::add);
        StringBuilder line = new StringBuilder("HEALTHCHECK")
                .append(" --interval=").append(Durations.format(probe.interval()))
                .append(" --timeout=").append(Durations.format(probe.timeout()));
        if (!probe.startGrace().isZero()) {
            line.append(" --start-period=").append(Durations.format(probe.startGrace()));
        }
        return line.append(" --retries=").append(probe.failures())
                .append(" CMD ").append(Documents.compact(exec)).toString();
    }

    private static int rank(ProbeRole role) {
        return switch (role) {
            case LIVENESS -> 0;
            case READINESS -> 1;
            case STARTUP -> 2;
        };
    }

    private static String role(ProbeSpec probe) {
        return probe.role().name().toLowerCase(java.util.Locale.ROOT);
    }
}
