package dev.vigil.export;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.ServiceSpec;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.GRPCActionBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.TCPSocketActionBuilder;

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
        ProbeBuilder k8s = new ProbeBuilder()
                .withPeriodSeconds(WholeSeconds.ceil(probe.interval(), 1, losses, at + "interval", "periodSeconds", K8S))
                .withTimeoutSeconds(WholeSeconds.ceil(probe.timeout(), 1, losses, at + "timeout", "timeoutSeconds", K8S))
                .withInitialDelaySeconds(WholeSeconds.ceil(probe.startGrace(), 0, losses, at + "start_grace",
                        "initialDelaySeconds", K8S))
                .withFailureThreshold(probe.failures())
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
        }
        return k8s.build();
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
