package dev.vigil.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.config.Durations;
import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.ServiceSpec;
import java.util.List;

/**
 * {@code vigil export nomad}: a jobspec {@code service} block per service, a {@code check} per
 * probe, and {@code check_restart { limit, grace }} on the checks that restart in Vigil (liveness
 * of an {@code on_degraded = "restart"} service). JSON is HCL's JSON syntax of the same blocks
 * (durations as strings), not Nomad's API JSON; {@code --format hcl} writes HCL native syntax
 * ({@link HclWriter}).
 *
 * <p>HTTP, TCP and gRPC checks use the probe's port with {@code address_mode = "driver"} (a
 * numeric port, no port label); what Nomad cannot probe runs as a script check with
 * {@code vigil probe} inside the task.
 */
final class NomadExporter {
    private static final String NOMAD = "Nomad";

    private final ExportOptions options;
    private final Losses losses = new Losses();

    NomadExporter(ExportOptions options) {
        this.options = options;
    }

    Exported export(List<ServiceSpec> services) {
        ObjectNode root = Documents.mapper().createObjectNode();
        ArrayNode blocks = root.putArray("service");
        for (ServiceSpec service : services) {
            ObjectNode block = blocks.addObject()
                    .put("name", DnsLabels.of(service.name(), "services." + service.name(), "service name", NOMAD, losses));
            service.processes().forEach(process -> SdNotifyLosses.record(service, process, NOMAD, losses));
            List<ProbeSpec> probes = ExportedProbes.of(service, NOMAD, losses);
            if (!probes.isEmpty()) {
                ArrayNode checks = block.putArray("check");
                probes.forEach(probe -> check(service, probe, checks.addObject()));
            }
        }
        String text = options.format() == ExportFormat.HCL ? HclWriter.write(root) : Documents.json(root);
        return new Exported(text, losses.list());
    }

    private void check(ServiceSpec service, ProbeSpec probe, ObjectNode check) {
        check.put("name", probe.name());
        switch (probe.target()) {
            case ProbeTarget.Http http when http.endpoint() instanceof Endpoint.Tcp tcp -> {
                HttpChecks.unexpressible(service, probe, http, "200-299", NOMAD, losses);
                check.put("type", "http").put("protocol", "http").put("path", http.path());
                if (!http.method().equals("GET")) {
                    check.put("method", http.method());
                }
                port(service, probe, "url", tcp, check);
            }
            case ProbeTarget.Tcp t when t.endpoint() instanceof Endpoint.Tcp tcp -> {
                check.put("type", "tcp");
                port(service, probe, "address", tcp, check);
            }
            case ProbeTarget.Grpc grpc when grpc.endpoint() instanceof Endpoint.Tcp tcp -> {
                check.put("type", "grpc");
                if (!grpc.service().isEmpty()) {
                    check.put("grpc_service", grpc.service());
                }
                if (grpc.tls()) {
                    check.put("grpc_use_tls", true);
                }
                port(service, probe, "address", tcp, check);
            }
            case ProbeTarget.Exec exec -> {
                ConfigFields.explicitCwd(probe, exec).ifPresent(cwd -> losses.probe(service, probe, "cwd", cwd.toString(), "the task's directory",
                        "Nomad script checks run in the task's working directory"));
                script(check, exec.command());
            }
            case ProbeTarget.Http http -> {
                HttpChecks.unexpressible(service, probe, http, "200-399", "vigil probe", losses);
                script(check, VigilProbeArgs.argv(options.vigil(), service, probe, losses));
            }
            case ProbeTarget.Tcp t -> script(check, VigilProbeArgs.argv(options.vigil(), service, probe, losses));
            case ProbeTarget.Grpc g -> script(check, VigilProbeArgs.argv(options.vigil(), service, probe, losses));
            case ProbeTarget.Memory m -> throw ExportedProbes.notExported(probe);
            case ProbeTarget.JsonRpc rpc -> {
                if (JsonRpcOverHttp.downgrade(service, probe, rpc, losses).orElse(null) instanceof Endpoint.Tcp tcp) {
                    check.put("type", "tcp");
                    port(service, probe, "url", tcp, check);
                } else {
                    script(check, VigilProbeArgs.argv(options.vigil(), service, probe, losses));
                }
            }
        }
        check.put("interval", Durations.format(probe.interval())).put("timeout", Durations.format(probe.timeout()));
        if (probe.successes() > 1) {
            check.put("success_before_passing", probe.successes());
        }
        if (Roles.restarts(service, probe)) {
            if (service.restartAfter() > probe.failures()) {
                losses.add("services." + service.name() + ".restart_after", String.valueOf(service.restartAfter()),
                        "check_restart limit " + probe.failures() + " of check " + probe.name(),
                        "Nomad restarts after each check's own limit");
            }
            check.putObject("check_restart").put("limit", probe.failures())
                    .put("grace", Durations.format(probe.startGrace()));
            return;
        }
        if (probe.failures() > 1) {
            check.put("failures_before_critical", probe.failures());
        }
        if (!probe.startGrace().isZero()) {
            losses.probe(service, probe, "start_grace", Durations.format(probe.startGrace()), "none",
                    "Nomad applies a grace only to checks with check_restart");
        }
        if (probe.role() == ProbeRole.STARTUP) {
            losses.probe(service, probe, "role", "startup", "a check without check_restart",
                    "Nomad has no startup checks");
        }
    }

    /** The probe's port, probed at the task's own address (driver mode) rather than loopback. */
    private void port(ServiceSpec service, ProbeSpec probe, String key, Endpoint.Tcp tcp, ObjectNode check) {
        if (Addresses.loopback(tcp.host())) {
            losses.probe(service, probe, key, "host " + tcp.host(), "the task's address",
                    "Nomad checks the address the driver gives the task; listen on it or 0.0.0.0");
        } else {
            losses.probe(service, probe, key, "host " + tcp.host(), "the task's address",
                    "a Nomad check cannot name another host");
        }
        check.put("address_mode", "driver").put("port", tcp.port());
    }

    private static void script(ObjectNode check, List<String> argv) {
        check.put("type", "script").put("command", argv.getFirst());
        ArrayNode args = check.putArray("args");
        argv.subList(1, argv.size()).forEach(args::add);
    }
}
