package dev.vigil.web;

import dev.vigil.json.JsonMapper;
import dev.vigil.supervise.SupervisorSnapshot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /livez} and {@code /readyz} for the daemon itself, so systemd, a container runtime or
 * Kubernetes can probe Vigil. Live: the supervisor's thread works through its mailbox within
 * {@link WebParts#supervisorLate()} and the probe scheduler starts its rounds on time. Ready: live,
 * and the config was loaded and the autostart services launched. Answers 200 or 503 with a JSON
 * body naming each check. The supervisor check waits asynchronously: no request thread is held.
 */
final class HealthEndpoints {

    /** Slack on top of a probe's start grace and two intervals before silence counts as a stuck scheduler. */
    private static final Duration ROUND_SLACK = Duration.ofSeconds(10);

    private final WebParts parts;
    private final JsonMapper mapper;

    HealthEndpoints(WebParts parts, JsonMapper mapper) {
        this.parts = parts;
        this.mapper = mapper;
    }

    void livez(Response response, Callback callback) {
        answer(response, callback, false);
    }

    void readyz(Response response, Callback callback) {
        answer(response, callback, true);
    }

    private void answer(Response response, Callback callback, boolean readiness) {
        long late = parts.supervisorLate().toMillis();
        // Answered on a virtual thread: the ping completes on the supervisor's own thread, which
        // must not serialise or write responses.
        parts.supervisorPing().get().orTimeout(late, TimeUnit.MILLISECONDS).whenCompleteAsync((ignored, error) -> {
            Map<String, String> checks = new LinkedHashMap<>();
            checks.put("supervisor", error == null ? "ok"
                    : "the supervisor thread has not answered within " + late + " ms");
            String probes = probeProblem(parts.snapshots().get());
            checks.put("probe_scheduler", probes == null ? "ok" : probes);
            if (readiness) {
                checks.put("config", parts.health().ready() ? "ok"
                        : "starting: the config is not applied or the autostart services are not launched yet");
            }
            boolean ok = checks.values().stream().allMatch("ok"::equals);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ok ? "ok" : "fail");
            body.put("checks", checks);
            Answers.json(response, callback, ok ? 200 : 503, mapper, body);
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
