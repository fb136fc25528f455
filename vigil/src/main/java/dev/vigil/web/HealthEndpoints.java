package dev.vigil.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.supervise.SupervisorSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /livez} and {@code /readyz} for the daemon and its services, so systemd, a container
 * runtime or the kubelet can probe the container. Live: the supervisor's thread works through its
 * mailbox within {@link WebParts#supervisorLate()}, the probe scheduler starts its rounds on time,
 * and no critical service is FAILED. Ready: live, the config was loaded and the autostart services
 * launched, and every service that counts is ready ({@link ServiceHealthAggregate} says which).
 * Answers 200 or 503 with a JSON body naming each check and each service's verdict, or with
 * {@code ?verbose} the Kubernetes text form ({@code [+]name ok} / {@code [-]name failed: why}). The
 * supervisor check waits asynchronously: no request thread is held.
 */
final class HealthEndpoints {

    /** Slack on top of a probe's start grace and two intervals before silence counts as a stuck scheduler. */
    private static final Duration ROUND_SLACK = Duration.ofSeconds(10);

    private final WebParts parts;
    private final ObjectMapper mapper;

    HealthEndpoints(WebParts parts, ObjectMapper mapper) {
        this.parts = parts;
        this.mapper = mapper;
    }

    /** @param detailed false: only the status (a remote listener's reader without the token) */
    void livez(Request request, Response response, Callback callback, boolean detailed) {
        answer(request, response, callback, false, detailed);
    }

    /** @param detailed false: only the status (a remote listener's reader without the token) */
    void readyz(Request request, Response response, Callback callback, boolean detailed) {
        answer(request, response, callback, true, detailed);
    }

    private void answer(Request request, Response response, Callback callback, boolean readiness, boolean detailed) {
        Fields query;
        try {
            query = Request.extractQueryParameters(request);
        } catch (RuntimeException e) {   // bad %-encoding: the client's fault, never a 500
            Answers.error(response, callback, 400, null, "the query string is not valid URL encoding", Map.of());
            return;
        }
        if (query.getNames().stream().anyMatch(name -> !name.equals("verbose"))) {
            Answers.error(response, callback, 400, null, (readiness ? "/readyz" : "/livez")
                    + " takes only the query parameter verbose", Map.of());
            return;
        }
        boolean verbose = query.get("verbose") != null;
        long late = parts.supervisorLate().toMillis();
        // Answered on a virtual thread: the ping completes on the supervisor's own thread, which
        // must not serialise or write responses.
        parts.supervisorPing().get().orTimeout(late, TimeUnit.MILLISECONDS).whenCompleteAsync((ignored, error) -> {
            Map<String, String> checks = new LinkedHashMap<>();
            checks.put("supervisor", error == null ? "ok"
                    : "the supervisor thread has not answered within " + late + " ms");
            SupervisorSnapshot snapshot = parts.snapshots().get();
            String probes = probeProblem(snapshot);
            checks.put("probe_scheduler", probes == null ? "ok" : probes);
            if (readiness) {
                checks.put("config", parts.health().ready() ? "ok"
                        : "starting: the config is not applied or the autostart services are not launched yet");
            }
            List<ServiceHealthAggregate.Verdict> services = readiness
                    ? ServiceHealthAggregate.readiness(snapshot, parts.health().gates())
                    : ServiceHealthAggregate.liveness(snapshot, parts.health().gates());
            boolean ok = checks.values().stream().allMatch("ok"::equals)
                    && services.stream().allMatch(ServiceHealthAggregate.Verdict::ok);
            int status = ok ? 200 : 503;
            if (verbose) {
                String text = HealthText.of(readiness ? "readyz" : "livez", detailed ? checks : Map.of(),
                        detailed ? services : List.of(), ok);
                Answers.send(response, callback, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ok ? "ok" : "fail");
            if (detailed) {
                body.put("checks", checks);
                Map<String, Object> byName = new LinkedHashMap<>();
                services.forEach(v -> byName.put(v.service(), HealthText.fields(v)));
                body.put("services", byName);
            }
            Answers.json(response, callback, status, mapper, body);
        }, task -> Thread.ofVirtual().name("vigil-http-health").start(task));
    }

    private String probeProblem(SupervisorSnapshot snapshot) {
        String late = parts.health().probeProblem();
        if (late != null) {
            return late;
        }
        // A fresh probe is silent for its start_grace and first interval: never call that stuck.
        long allowed = snapshot.services().stream().flatMap(s -> s.probes().stream())
                .filter(SupervisorSnapshot.ProbeView::running)
                .mapToLong(p -> 2 * p.spec().interval().toNanos() + p.spec().startGrace().toNanos()).max().orElse(0);
        long since = parts.health().sinceLastRoundNanos();
        if (allowed > 0 && since > allowed + ROUND_SLACK.toNanos()) {
            return "no probe round started for " + since / 1_000_000 + " ms";
        }
        return null;
    }
}
