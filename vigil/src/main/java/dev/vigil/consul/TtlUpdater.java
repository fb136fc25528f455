package dev.vigil.consul;

import dev.vigil.event.VigilEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One step of keeping the watchdog TTL checks: for each check, the verdict from the facts of the
 * moment, and an update to the agent when one is due ({@link TtlRules}). Nothing is queued: each
 * step starts again from the facts, so an agent that is down costs one failed update per retry,
 * never a backlog. After a failure the rest of the step is skipped and the next try waits 1 s,
 * doubling up to 30 s; failures are said at once and then at most once a minute.
 *
 * <p>Not thread-safe: one thread runs the steps ({@link ConsulTtl}).
 */
final class TtlUpdater {

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    static final Duration REPORT_EVERY = Duration.ofMinutes(1);

    private final String agentName;
    private final List<WatchedCheck> checks;
    private final ConsulAgent agent;
    private final WatchdogFacts facts;
    private final Consumer<VigilEvent> events;
    private final Map<String, TtlRules.Sent> sent = new HashMap<>();
    private long retryAtNanos;
    private long retryNanos;
    private long failures;
    private long unreported;
    private long reportedAtNanos;

    TtlUpdater(String agentName, List<WatchedCheck> checks, ConsulAgent agent, WatchdogFacts facts,
               Consumer<VigilEvent> events) {
        this.agentName = agentName;
        this.checks = List.copyOf(checks);
        this.agent = agent;
        this.facts = facts;
        this.events = events;
    }

    /** How often steps should run: a quarter of the shortest TTL, from 100 ms to 5 s. */
    static Duration period(List<WatchedCheck> checks) {
        long shortest = checks.stream().mapToLong(c -> c.ttl().toNanos()).min().orElse(Duration.ofSeconds(20).toNanos());
        return Duration.ofNanos(Math.clamp(shortest / 4, Duration.ofMillis(100).toNanos(), Duration.ofSeconds(5).toNanos()));
    }

    void step(long nowNanos) {
        if (failures > 0 && nowNanos < retryAtNanos) {
            return;
        }
        for (WatchedCheck check : checks) {
            Optional<TtlRules.Verdict> verdict = TtlRules.verdict(facts.of(check.service(), check.process()), check.ttl());
            TtlRules.Sent last = sent.get(check.checkId());
            if (verdict.isEmpty() || !TtlRules.due(verdict.get(), last, nowNanos, check.ttl())) {
                continue;
            }
            try {
                agent.update(check.checkId(), verdict.get().status(), verdict.get().note());
            } catch (IOException e) {
                failed(reason(e), nowNanos);
                return;
            } catch (RuntimeException e) {
                // A bug here must not end the thread's schedule silently: said and retried like a failure.
                failed("internal error: " + e, nowNanos);
                return;
            }
            resumed();
            sent.put(check.checkId(), new TtlRules.Sent(verdict.get().status(), nowNanos));
            if (last == null || last.status() != verdict.get().status()) {
                events.accept(new ConsulEvent.CheckUpdated(check.service(), check.process(), check.checkId(),
                        verdict.get().status(), verdict.get().note()));
            }
        }
    }

    private void failed(String reason, long nowNanos) {
        failures++;
        unreported++;
        retryNanos = retryNanos == 0 ? FIRST_RETRY.toNanos() : Math.min(retryNanos * 2, MAX_RETRY.toNanos());
        retryAtNanos = nowNanos + retryNanos;
        if (failures == 1 || nowNanos - reportedAtNanos >= REPORT_EVERY.toNanos()) {
            events.accept(new ConsulEvent.UpdatesFailing(agentName, reason, unreported));
            unreported = 0;
            reportedAtNanos = nowNanos;
        }
    }

    private void resumed() {
        if (failures > 0) {
            events.accept(new ConsulEvent.UpdatesResumed(agentName, failures));
        }
        failures = 0;
        unreported = 0;
        retryNanos = 0;
    }

    private String reason(IOException e) {
        return switch (e) {
            case ConnectException c -> "cannot connect to " + agentName;
            case HttpTimeoutException t -> "no answer from " + agentName + " in time";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
