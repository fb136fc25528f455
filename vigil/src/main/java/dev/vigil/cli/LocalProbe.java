package dev.vigil.cli;

import dev.vigil.api.ApiException;
import dev.vigil.api.ControlClient;
import dev.vigil.api.ControlMethods;
import dev.vigil.api.RpcErrors;
import dev.vigil.api.ServiceDetail;
import dev.vigil.api.ServiceState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code vigil probe --local SERVICE}: asks the local daemon (its control socket) whether SERVICE
 * is RUNNING, for a container HEALTHCHECK or a kubelet exec probe. One status call, no probe of
 * its own: the daemon's probes already decided. Exit codes are those of {@code vigil probe}:
 * 0 RUNNING; 1 any other state (DEGRADED: a liveness probe red; STARTING, BACKOFF, FAILED,
 * STOPPED, STOPPING); 2 could not tell (no daemon, unknown service, daemon error, timeout).
 */
final class LocalProbe {
    private LocalProbe() {
    }

    static int run(Path socket, String service, Duration timeout, PrintWriter out, PrintWriter err) {
        try {
            Object result = new ControlClient(socket, timeout).call(ControlMethods.STATUS, Map.of("name", service));
            ServiceDetail detail = ClientCommand.decode(result, ServiceDetail.class);
            String reason = detail.reason();
            out.println(service + ": " + ClientCommand.word(detail.state())
                    + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")"));
            return detail.state() == ServiceState.RUNNING ? ProbeCommand.HEALTHY : ProbeCommand.UNHEALTHY;
        } catch (ApiException e) {
            err.println("vigil probe: " + (e.code() == RpcErrors.UNKNOWN_SERVICE ? "unknown service '" + service + "'"
                    : e.getMessage()));
            return ProbeCommand.CANNOT_PROBE;
        } catch (IOException | RuntimeException e) {
            err.println("vigil probe: cannot ask the daemon at " + socket + ": " + e.getMessage());
            return ProbeCommand.CANNOT_PROBE;
        }
    }
}
