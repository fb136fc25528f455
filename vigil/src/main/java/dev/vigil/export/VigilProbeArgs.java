package dev.vigil.export;

import dev.vigil.config.Durations;
import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.ServiceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code vigil probe} command line that runs one Vigil probe where a platform cannot express
 * it (a Unix socket, JSON-RPC) or has no probe kinds at all (Docker). Written in the SPEC syntax
 * of {@code vigil probe --help}, with the probe's exact timeout (the platform's own timeout is
 * rounded up, so it never fires first).
 */
final class VigilProbeArgs {
    private VigilProbeArgs() {
    }

    /**
     * The argv, starting with {@code vigil}. An exec probe runs its own command instead (callers
     * handle it natively); JSON-RPC over HTTP, which {@code vigil probe} cannot POST, becomes a TCP
     * connect to the same port and is recorded as a loss.
     */
    static List<String> argv(String vigil, ServiceSpec service, ProbeSpec probe, Losses losses) {
        List<String> argv = new ArrayList<>(List.of(vigil, "probe", "--timeout", Durations.format(probe.timeout())));
        switch (probe.target()) {
            case ProbeTarget.Tcp tcp -> argv.add(spec(tcp.endpoint()));
            case ProbeTarget.Http http -> {
                switch (http.endpoint()) {
                    case Endpoint.Tcp tcp -> argv.add("http://" + tcp + http.path());
                    case Endpoint.Unix unix -> argv.addAll(List.of(spec(unix), "--http", http.path()));
                }
                if (http.method().equals("HEAD")) {
                    argv.add("--head");
                }
            }
            case ProbeTarget.JsonRpc rpc -> {
                argv.add(spec(rpc.endpoint()));
                // Over HTTP, vigil probe cannot POST: a TCP connect to the port (JsonRpcOverHttp).
                if (JsonRpcOverHttp.downgrade(service, probe, rpc, losses).isEmpty()) {
                    argv.addAll(List.of("--jsonrpc", rpc.method()));
                    rpc.paramsJson().ifPresent(p -> argv.addAll(List.of("--params", p)));
                }
            }
            case ProbeTarget.Grpc grpc -> argv.add((grpc.tls() ? "grpcs://" : "grpc://") + grpc.endpoint()
                    + (grpc.service().isEmpty() ? "" : "/" + grpc.service()));
            case ProbeTarget.Exec exec -> {
                // vigil probe exec:CMD runs it too; `--` keeps arguments that start with '-' from being options.
                argv.add("exec:" + exec.command().getFirst());
                if (exec.command().size() > 1) {
                    argv.add("--");
                    argv.addAll(exec.command().subList(1, exec.command().size()));
                }
            }
            case ProbeTarget.Memory m -> throw ExportedProbes.notExported(probe);
        }
        return List.copyOf(argv);
    }

    private static String spec(Endpoint endpoint) {
        return switch (endpoint) {
            case Endpoint.Tcp tcp -> tcp.toString();
            case Endpoint.Unix unix -> "unix:" + unix.path();
        };
    }
}
