package dev.vigil.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.config.Durations;
import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ServiceSpec;
import java.util.List;

/**
 * {@code vigil export consul}: a Consul agent service definition per service, with a check per
 * probe. The agent runs checks on the same machine, so addresses stay as they are; what it cannot
 * probe (Unix sockets, JSON-RPC) runs as an {@code args} script check with {@code vigil probe}
 * (the agent needs {@code enable_local_script_checks}). A process's sd_notify watchdog becomes a
 * TTL check of the same period. Consul records health and restarts nothing.
 */
final class ConsulExporter {
    private static final String CONSUL = "Consul";

    private final ExportOptions options;
    private final Losses losses = new Losses();

    ConsulExporter(ExportOptions options) {
        this.options = options;
    }

    Exported export(List<ServiceSpec> services) {
        ObjectNode root = Documents.mapper().createObjectNode();
        ArrayNode list = root.putArray("services");
        for (ServiceSpec service : services) {
            ObjectNode definition = list.addObject().put("name", service.name());
            ArrayNode checks = definition.putArray("checks");
            ExportedProbes.of(service, CONSUL, losses).forEach(probe -> check(service, probe, checks.addObject()));
            service.processes().forEach(process -> watchdog(service, process, checks));
            if (ExportedProbes.of(service, CONSUL, losses).stream().anyMatch(p -> Roles.restarts(service, p))) {
                losses.add("services." + service.name() + ".on_degraded", "\"restart\"", "health status only",
                        "Consul restarts nothing; its liveness checks only mark the service critical");
            }
        }
        return new Exported(Documents.json(root), losses.list());
    }

    private void check(ServiceSpec service, ProbeSpec probe, ObjectNode check) {
        check.put("id", "vigil:" + service.name() + ":" + probe.name()).put("name", probe.name());
        switch (probe.target()) {
            case ProbeTarget.Http http when http.endpoint() instanceof Endpoint.Tcp tcp -> {
                HttpChecks.unexpressible(service, probe, http, "200-299", CONSUL, losses);
                check.put("http", "http://" + tcp + http.path());
                if (!http.method().equals("GET")) {
                    check.put("method", http.method());
                }
            }
            case ProbeTarget.Tcp t when t.endpoint() instanceof Endpoint.Tcp tcp -> check.put("tcp", tcp.toString());
            case ProbeTarget.Grpc grpc -> {
                check.put("grpc", grpc.endpoint() + (grpc.service().isEmpty() ? "" : "/" + grpc.service()));
                if (grpc.tls()) {
                    check.put("grpc_use_tls", true);
                }
            }
            case ProbeTarget.Exec exec -> {
                ConfigFields.explicitCwd(probe, exec).ifPresent(cwd -> losses.probe(service, probe, "cwd", cwd.toString(), "the agent's working directory",
                        "Consul script checks have no working directory of their own"));
                args(check, exec.command());
            }
            case ProbeTarget.Http http -> {
                HttpChecks.unexpressible(service, probe, http, "200-399", "vigil probe", losses);
                args(check, VigilProbeArgs.argv(options.vigil(), service, probe, losses));
            }
            case ProbeTarget.Tcp t -> args(check, VigilProbeArgs.argv(options.vigil(), service, probe, losses));
            case ProbeTarget.JsonRpc rpc -> {
                if (JsonRpcOverHttp.downgrade(service, probe, rpc, losses).orElse(null) instanceof Endpoint.Tcp tcp) {
                    check.put("tcp", tcp.toString());
                } else {
                    args(check, VigilProbeArgs.argv(options.vigil(), service, probe, losses));
                }
            }
            case ProbeTarget.Memory m -> throw ExportedProbes.notExported(probe);
        }
        check.put("interval", Durations.format(probe.interval())).put("timeout", Durations.format(probe.timeout()));
        if (probe.successes() > 1) {
            check.put("success_before_passing", probe.successes());
        }
        if (probe.failures() > 1) {
            check.put("failures_before_critical", probe.failures());
        }
        if (!probe.startGrace().isZero()) {
            losses.probe(service, probe, "start_grace", Durations.format(probe.startGrace()), "none",
                    "Consul counts a check's results from its first run");
        }
        if (probe.role() == ProbeRole.STARTUP) {
            losses.probe(service, probe, "role", "startup", "an ordinary check", "Consul has no startup checks");
        }
    }

    private static void args(ObjectNode check, List<String> argv) {
        ArrayNode args = check.putArray("args");
        argv.forEach(args::add);
    }

    /** WATCHDOG=1 every period becomes a TTL check that must be passed within that period. */
    private void watchdog(ServiceSpec service, ProcessSpec process, ArrayNode checks) {
        process.watchdog().ifPresent(period -> {
            String id = dev.vigil.consul.ConsulChecks.watchdogId(service.name(), process.name());
            checks.addObject().put("id", id).put("name", process.name() + " watchdog")
                    .put("ttl", Durations.format(period))
                    .put("notes", "passes while " + process.name() + " sends WATCHDOG=1; pass it with PUT /v1/agent/check/pass/" + id);
            losses.add(ConfigFields.process(service, process, "watchdog"), Durations.format(period), "TTL check " + id,
                    "Consul learns of WATCHDOG=1 only from a vigil daemon whose config has [consul]");
        });
    }
}
