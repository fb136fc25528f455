package dev.vigil.export;

import dev.vigil.config.Durations;
import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ServiceSpec;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.GRPCActionBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.TCPSocketActionBuilder;
import java.time.Duration;
import java.util.Comparator;

/**
 * One Vigil probe as a Kubernetes {@link Probe}: http -> httpGet, tcp -> tcpSocket, grpc -> grpc,
 * exec -> exec; what the kubelet cannot do (Unix sockets, JSON-RPC, gRPC over TLS) becomes
 * {@code exec: [vigil, probe, ...]}. Every inexact step is recorded in {@link Losses}.
 */
final class KubernetesProbes {
    private static final String K8S = "Kubernetes";

    private final String vigil;
    private final Losses losses;

    KubernetesProbes(String vigil, Losses losses) {
        this.vigil = vigil;
        this.losses = losses;
    }

    /** {@code probe} in the role it takes in Kubernetes ({@link Roles#effective}). */
    Probe translate(ServiceSpec service, ProbeSpec probe, ProbeRole role) {
        String at = Losses.field(service, probe, "") + ".";
        int period = WholeSeconds.ceil(probe.interval(), 1, losses, at + "interval", "periodSeconds", K8S);
        int timeout = WholeSeconds.ceil(probe.timeout(), 1, losses, at + "timeout", "timeoutSeconds", K8S);
        int delay = WholeSeconds.ceil(probe.startGrace(), 0, losses, at + "start_grace", "initialDelaySeconds", K8S);
        ProbeBuilder k8s = new ProbeBuilder()
                .withPeriodSeconds(period)
                .withTimeoutSeconds(timeout)
                .withInitialDelaySeconds(delay)
                .withFailureThreshold(role == ProbeRole.STARTUP ? startupThreshold(service, probe, period, delay)
                        : probe.failures())
                .withSuccessThreshold(successThreshold(service, probe, role));
        liveness(service, probe, role);
        switch (probe.target()) {
            case ProbeTarget.Http http -> {
                HttpChecks.unexpressible(service, probe, http, "200-399", K8S, losses);
                if (http.endpoint() instanceof Endpoint.Tcp tcp) {
                    if (http.method().equals("HEAD")) {
                        losses.probe(service, probe, "method", "HEAD", "GET", "Kubernetes httpGet always sends GET");
                    }
                    k8s.withHttpGet(new HTTPGetActionBuilder().withHost(host(service, probe, "url", tcp))
                            .withPath(http.path()).withPort(new IntOrString(tcp.port())).withScheme("HTTP").build());
                } else {
                    k8s.withExec(vigilProbe(service, probe));
                }
            }
            case ProbeTarget.Tcp t -> {
                if (t.endpoint() instanceof Endpoint.Tcp tcp) {
                    k8s.withTcpSocket(new TCPSocketActionBuilder().withHost(host(service, probe, "address", tcp))
                            .withPort(new IntOrString(tcp.port())).build());
                } else {
                    k8s.withExec(vigilProbe(service, probe));
                }
            }
            case ProbeTarget.Grpc grpc -> {
                if (!grpc.tls() && grpc.endpoint() instanceof Endpoint.Tcp tcp && Addresses.loopback(tcp.host())) {
                    loopback(service, probe, "address", tcp);
                    k8s.withGrpc(new GRPCActionBuilder().withPort(tcp.port())
                            .withService(grpc.service().isEmpty() ? null : grpc.service()).build());
                } else {
                    // The kubelet's gRPC probe has neither TLS nor a host: vigil probe has both.
                    k8s.withExec(vigilProbe(service, probe));
                }
            }
            case ProbeTarget.JsonRpc rpc -> {
                if (JsonRpcOverHttp.downgrade(service, probe, rpc, losses).orElse(null) instanceof Endpoint.Tcp tcp) {
                    k8s.withTcpSocket(new TCPSocketActionBuilder().withHost(host(service, probe, "url", tcp))
                            .withPort(new IntOrString(tcp.port())).build());
                } else {
                    k8s.withExec(vigilProbe(service, probe));
                }
            }
            case ProbeTarget.Exec exec -> {
                ConfigFields.explicitCwd(probe, exec).ifPresent(cwd -> losses.probe(service, probe, "cwd", cwd.toString(),
                        "the container's working directory", "Kubernetes exec probes have no working directory"));
                k8s.withExec(new ExecAction(exec.command()));
            }
            case ProbeTarget.Memory m -> throw ExportedProbes.notExported(probe);
        }
        return k8s.build();
    }

    /**
     * A Vigil startup probe has until {@code start_timeout} (its process's, or the largest for a
     * service-wide probe) to pass, whatever its {@code failures}; the kubelet gives a startup probe
     * initialDelaySeconds + failureThreshold x periodSeconds. The threshold is chosen so that
     * window covers start_timeout; when it cannot equal it, the difference is listed.
     */
    private int startupThreshold(ServiceSpec service, ProbeSpec probe, int period, int delay) {
        ProcessSpec process = probe.process().flatMap(service::process).orElseGet(() -> service.processes().stream()
                .max(Comparator.comparing(ProcessSpec::startTimeout)).orElseThrow());
        Duration limit = process.startTimeout();
        long windowNanos = Math.max(0, limit.toNanos() - Duration.ofSeconds(delay).toNanos());
        long periodNanos = Duration.ofSeconds(period).toNanos();
        int threshold = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (windowNanos + periodNanos - 1) / periodNanos));
        Duration kubelet = Duration.ofSeconds(delay + (long) threshold * period);
        if (!kubelet.equals(limit)) {
            losses.add(ConfigFields.process(service, process, "start_timeout"), Durations.format(limit),
                    "initialDelaySeconds " + delay + " + failureThreshold " + threshold + " x periodSeconds " + period
                            + " = " + Durations.format(kubelet) + " for probe " + probe.name(),
                    "Kubernetes bounds a startup probe by a count of periods");
        }
        return threshold;
    }

    /** Kubernetes requires successThreshold 1 for liveness and startup probes. */
    private int successThreshold(ServiceSpec service, ProbeSpec probe, ProbeRole role) {
        if (role == ProbeRole.READINESS || probe.successes() == 1) {
            return probe.successes();
        }
        losses.probe(service, probe, "successes", String.valueOf(probe.successes()), "successThreshold 1",
                "Kubernetes requires 1 for " + role.name().toLowerCase(java.util.Locale.ROOT) + " probes");
        return 1;
    }

    /**
     * The kubelet restarts after failureThreshold consecutive failures; Vigil only after the
     * service's restart_after, which may be larger.
     */
    private void liveness(ServiceSpec service, ProbeSpec probe, ProbeRole role) {
        if (role == ProbeRole.LIVENESS && service.restartAfter() > probe.failures()) {
            losses.add("services." + service.name() + ".restart_after", String.valueOf(service.restartAfter()),
                    "failureThreshold " + probe.failures() + " of probe " + probe.name(),
                    "Kubernetes restarts after the probe's own failureThreshold");
        }
    }

    private ExecAction vigilProbe(ServiceSpec service, ProbeSpec probe) {
        return new ExecAction(VigilProbeArgs.argv(vigil, service, probe, losses));
    }

    /** Null (the pod's IP) for a loopback host, else the host itself. */
    private String host(ServiceSpec service, ProbeSpec probe, String key, Endpoint.Tcp tcp) {
        if (Addresses.loopback(tcp.host())) {
            loopback(service, probe, key, tcp);
            return null;
        }
        return tcp.host();
    }

    private void loopback(ServiceSpec service, ProbeSpec probe, String key, Endpoint.Tcp tcp) {
        losses.probe(service, probe, key, "host " + tcp.host(), "the pod IP",
                "the kubelet probes from outside the pod; listen on the pod IP or 0.0.0.0");
    }
}
