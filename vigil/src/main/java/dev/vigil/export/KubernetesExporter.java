package dev.vigil.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.RestartMode;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.UnixSignal;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vigil export kubernetes}: one container per process (a pod's containers restart
 * independently, as Vigil restarts a process its probe speaks for), built as fabric8 objects.
 *
 * <p>A probe with {@code process = "X"} goes to X's container; a service-wide probe goes to every
 * container of the service, because Vigil restarts the whole service when it fails and a pod
 * restarts each container whose liveness probe fails. Kubernetes allows one probe per role per
 * container: the first declared wins, the others are dropped and recorded as losses.
 */
final class KubernetesExporter {
    static final String NAME_LABEL = "app.kubernetes.io/name";

    private final ExportOptions options;
    private final Losses losses = new Losses();
    private final KubernetesProbes probes;

    KubernetesExporter(ExportOptions options) {
        this.options = options;
        this.probes = new KubernetesProbes(options.vigil(), losses);
    }

    Exported export(List<ServiceSpec> services) {
        String text = switch (options.shape()) {
            case CONTAINERS -> {
                List<Container> containers = new ArrayList<>();
                services.forEach(s -> containers.addAll(containers(s, false)));
                JsonNode tree = Fabric8Trees.of(containers);
                yield options.format() == ExportFormat.JSON ? Documents.json(tree) : Documents.yaml(List.of(tree));
            }
            case POD, DEPLOYMENT -> workloads(services.stream().map(this::workload).toList());
        };
        return new Exported(text, losses.list());
    }

    private String workloads(List<HasMetadata> objects) {
        if (options.format() == ExportFormat.JSON) {
            Object root = objects.size() == 1 ? objects.getFirst()
                    : new KubernetesListBuilder().withItems(objects).build();
            return Documents.json(Fabric8Trees.of(root));
        }
        return Documents.yaml(objects.stream().map(Fabric8Trees::of).toList());
    }

    private HasMetadata workload(ServiceSpec service) {
        String name = DnsLabels.of(service.name(), "services." + service.name(), "name", "Kubernetes", losses);
        ObjectMeta meta = new ObjectMetaBuilder().withName(name).withLabels(Map.of(NAME_LABEL, name)).build();
        PodSpec spec = podSpec(service);
        if (options.shape() == ExportOptions.Shape.POD) {
            return new PodBuilder().withMetadata(meta).withSpec(spec).build();
        }
        return new DeploymentBuilder().withMetadata(meta)
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of(NAME_LABEL, name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of(NAME_LABEL, name)).endMetadata()
                .withSpec(spec).endTemplate().endSpec().build();
    }

    private PodSpec podSpec(ServiceSpec service) {
        Duration grace = service.processes().stream().map(ProcessSpec::stopTimeout).max(Duration::compareTo)
                .orElseThrow();
        int graceSeconds = WholeSeconds.ceil(grace, 0, losses, "services." + service.name() + ".stop_timeout",
                "terminationGracePeriodSeconds", "Kubernetes");
        return new PodSpecBuilder().withContainers(containers(service, true))
                .withRestartPolicy(restartPolicy(service))
                .withTerminationGracePeriodSeconds((long) graceSeconds).build();
    }

    private String restartPolicy(ServiceSpec service) {
        RestartMode mode = service.restart().mode();
        if (options.shape() == ExportOptions.Shape.DEPLOYMENT && mode != RestartMode.ALWAYS) {
            losses.add("services." + service.name() + ".restart", HttpChecks.quoted(mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')),
                    "restartPolicy Always", "a Deployment's pods always restart");
            return "Always";
        }
        return switch (mode) {
            case ALWAYS -> "Always";
            case ON_FAILURE -> "OnFailure";
            case NEVER -> "Never";
        };
    }

    private List<Container> containers(ServiceSpec service, boolean skeleton) {
        List<Container> containers = new ArrayList<>();
        for (ProcessSpec process : service.processes()) {
            String name = containerName(service, process);
            ContainerBuilder container = new ContainerBuilder().withName(name);
            if (skeleton) {
                container.withImage(options.image()).withCommand(process.command())
                        .withEnv(process.env().entrySet().stream().sorted(Map.Entry.comparingByKey())
                                .map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList());
                if (process.stopSignal() != UnixSignal.TERM) {
                    losses.add(ConfigFields.process(service, process, "stop_signal"), process.stopSignal().name(),
                            "TERM", "Kubernetes stops containers with the image's STOPSIGNAL, TERM by default");
                }
            }
            SdNotifyLosses.record(service, process, "Kubernetes", losses);
            Map<ProbeRole, Probe> roles = probesOf(service, process, name);
            container.withLivenessProbe(roles.get(ProbeRole.LIVENESS))
                    .withReadinessProbe(roles.get(ProbeRole.READINESS))
                    .withStartupProbe(roles.get(ProbeRole.STARTUP));
            containers.add(container.build());
        }
        return containers;
    }

    /** The service's name for a single-process service, else {@code SERVICE-PROCESS}. */
    private String containerName(ServiceSpec service, ProcessSpec process) {
        boolean single = service.processes().size() == 1;
        return DnsLabels.of(single ? service.name() : service.name() + "-" + process.name(),
                single ? "services." + service.name() : ConfigFields.process(service, process, "name"),
                "container name", "Kubernetes", losses);
    }

    private Map<ProbeRole, Probe> probesOf(ServiceSpec service, ProcessSpec process, String container) {
        Map<ProbeRole, Probe> roles = new EnumMap<>(ProbeRole.class);
        Map<ProbeRole, String> holders = new EnumMap<>(ProbeRole.class);
        for (ProbeSpec probe : ExportedProbes.of(service, "Kubernetes", losses)) {
            if (probe.process().isPresent() && !probe.process().get().equals(process.name())) {
                continue;
            }
            ProbeRole role = Roles.effective(service, probe, losses, "Kubernetes");
            String roleName = role.name().toLowerCase(java.util.Locale.ROOT);
            if (holders.containsKey(role)) {
                losses.probe(service, probe, "role", roleName, "dropped from container " + container,
                        "Kubernetes allows one " + roleName + " probe per container; probe " + holders.get(role) + " has it");
                continue;
            }
            holders.put(role, probe.name());
            roles.put(role, probes.translate(service, probe, role));
        }
        return roles;
    }
}
