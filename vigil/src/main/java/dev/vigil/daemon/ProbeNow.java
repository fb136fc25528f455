package dev.vigil.daemon;

import dev.vigil.api.ApiException;
import dev.vigil.api.InvalidParamsException;
import dev.vigil.api.ProbeNowResult;
import dev.vigil.api.ProbeRound;
import dev.vigil.api.RpcErrors;
import dev.vigil.supervise.ProbeTick;
import dev.vigil.supervise.Supervisor;
import dev.vigil.supervise.SupervisorSnapshot.ProbeView;
import dev.vigil.supervise.SupervisorSnapshot.ServiceView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code vigil.probe_now}: asks the supervisor to run a service's probes once now and waits for
 * their rounds, at most the longest probe timeout plus {@link #SLACK} (a loaded machine judges
 * late). A probe whose round has not come by then is named in {@code no_answer}; its round still
 * counts, and shows in the service document, when it comes.
 */
final class ProbeNow {
    private static final Duration SLACK = Duration.ofSeconds(10);

    private final Supervisor supervisor;

    ProbeNow(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    ProbeNowResult run(ServiceView service, String only) {
        List<ProbeView> asked = service.probes().stream().filter(p -> only == null || p.name().equals(only)).toList();
        if (only != null && asked.isEmpty()) {
            throw new InvalidParamsException("probe", "service '" + service.name() + "' has no probe '" + only
                    + "'; its probes: " + String.join(", ", service.probes().stream().map(ProbeView::name).toList()));
        }
        List<String> running = asked.stream().filter(ProbeView::running).map(ProbeView::name).toList();
        List<String> notRunning = asked.stream().filter(p -> !p.running()).map(ProbeView::name).toList();
        Duration limit = asked.stream().map(p -> p.spec().timeout()).max(Duration::compareTo).orElse(Duration.ZERO)
                .plus(SLACK);
        Map<String, ProbeTick> rounds = running.isEmpty() ? Map.of() : await(service.name(), running, limit);
        List<ProbeRound> got = new ArrayList<>();
        List<String> noAnswer = new ArrayList<>();
        for (String name : running) {
            ProbeTick tick = rounds.get(name);
            if (tick == null) {
                noAnswer.add(name);
            } else {
                got.add(new ProbeRound(tick.seq(), service.name(), name, ApiViews.result(tick.outcome(), tick.at())));
            }
        }
        return new ProbeNowResult(service.name(), got, notRunning, noAnswer);
    }

    private Map<String, ProbeTick> await(String service, List<String> probes, Duration limit) {
        var done = supervisor.probeNow(service, probes);
        try {
            return done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            done.cancel(false); // the supervisor drops the waiter
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(RpcErrors.UNAVAILABLE, "interrupted while probing " + service, Map.of());
        } catch (ExecutionException e) {
            throw new ApiException(RpcErrors.UNAVAILABLE, "probing " + service + " failed: " + e.getCause().getMessage(),
                    Map.of());
        }
    }
}
