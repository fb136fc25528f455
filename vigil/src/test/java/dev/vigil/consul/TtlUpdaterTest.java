package dev.vigil.consul;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.VigilEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The TTL updater's step with a fake agent, fake facts and a hand-moved clock. */
class TtlUpdaterTest {

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final WatchedCheck WORKER = new WatchedCheck("shop", "worker", "vigil:shop:worker:watchdog", TTL);
    private static final WatchedCheck INDEXER = new WatchedCheck("shop", "indexer", "vigil:shop:indexer:watchdog", TTL);

    /** What the agent was asked: "pass vigil:shop:worker:watchdog". */
    private final List<String> calls = new ArrayList<>();
    private final List<VigilEvent> events = new ArrayList<>();
    private final Map<String, WatchdogFacts.ProcessFacts> facts = new HashMap<>();
    private IOException down;
    private long now = 1_000_000_000L;

    private TtlUpdater updater(WatchedCheck... checks) {
        return new TtlUpdater("http://127.0.0.1:8500", List.of(checks), (id, status, note) -> {
            if (down != null) {
                throw down;
            }
            calls.add(status.word() + " " + id + " (" + note + ")");
        }, (service, process) -> facts.get(process), events::add);
    }

    private static WatchdogFacts.ProcessFacts pinged(Duration ago) {
        return new WatchdogFacts.ProcessFacts(true, Duration.ofMinutes(1), Optional.of(ago));
    }

    private void advance(Duration d) {
        now += d.toNanos();
    }

    private List<String> types() {
        return events.stream().map(VigilEvent::type).toList();
    }

    @Test
    void aFedWatchdogPassesOnceAndAgainEveryThirdOfTheTtl() {
        TtlUpdater updater = updater(WORKER);
        facts.put("worker", pinged(Duration.ofMillis(500)));
        updater.step(now);
        assertThat(calls).containsExactly("pass vigil:shop:worker:watchdog (WATCHDOG=1 500ms ago)");

        advance(Duration.ofMillis(999));
        updater.step(now);
        assertThat(calls).as("a pass is not repeated before a third of the TTL").hasSize(1);
        advance(Duration.ofMillis(1));
        updater.step(now);
        assertThat(calls).hasSize(2);
        assertThat(types()).as("a refresh is no event").containsExactly("consul_check_updated");
    }

    @Test
    void aMissedWatchdogFailsOnceWithWhy() {
        TtlUpdater updater = updater(WORKER);
        facts.put("worker", pinged(Duration.ofSeconds(1)));
        updater.step(now);
        facts.put("worker", pinged(Duration.ofMillis(3_001)));
        advance(Duration.ofSeconds(2));
        updater.step(now);
        advance(Duration.ofSeconds(10));
        updater.step(now);
        assertThat(calls).containsExactly("pass vigil:shop:worker:watchdog (WATCHDOG=1 1s ago)",
                "fail vigil:shop:worker:watchdog (no WATCHDOG=1 within 3s)");
        assertThat(events).last().isEqualTo(new ConsulEvent.CheckUpdated("shop", "worker", "vigil:shop:worker:watchdog",
                TtlStatus.FAIL, "no WATCHDOG=1 within 3s"));
    }

    @Test
    void aFreshStartHasOnePeriodForItsFirstPingAndAStoppedProcessFails() {
        TtlUpdater updater = updater(WORKER);
        facts.put("worker", new WatchdogFacts.ProcessFacts(true, Duration.ofSeconds(2), Optional.empty()));
        updater.step(now);
        assertThat(calls).isEmpty();
        facts.put("worker", new WatchdogFacts.ProcessFacts(true, Duration.ofSeconds(3), Optional.empty()));
        updater.step(now);
        assertThat(calls).containsExactly("fail vigil:shop:worker:watchdog (no WATCHDOG=1 within 3s)");

        facts.put("worker", new WatchdogFacts.ProcessFacts(false, Duration.ZERO, Optional.empty()));
        updater.step(now);
        assertThat(calls).as("still failing: not sent again").hasSize(1);
        facts.put("worker", pinged(Duration.ZERO));
        updater.step(now);
        facts.put("worker", new WatchdogFacts.ProcessFacts(false, Duration.ZERO, Optional.empty()));
        updater.step(now);
        assertThat(calls).endsWith("fail vigil:shop:worker:watchdog (not running)");
    }

    @Test
    void anAgentThatIsDownCostsABoundedNumberOfTriesAndOneLineAMinute() {
        facts.put("worker", pinged(Duration.ZERO));
        facts.put("indexer", pinged(Duration.ZERO));
        int[] tries = new int[1];
        down = new ConnectException("Connection refused");
        TtlUpdater counting = new TtlUpdater("http://127.0.0.1:8500", List.of(WORKER, INDEXER), (id, status, note) -> {
            tries[0]++;
            throw down;
        }, (service, process) -> facts.get(process), events::add);

        // Ten minutes of steps every 100 ms.
        for (int i = 0; i < 6_000; i++) {
            counting.step(now);
            advance(Duration.ofMillis(100));
        }
        // Retries after 1, 2, 4, 8, 16 s, then every 30 s: 6 + 19; one try each (the rest of a step is skipped).
        assertThat(tries[0]).isBetween(20, 30);
        assertThat(types()).allMatch("consul_updates_failing"::equals).hasSizeBetween(10, 11);
        ConsulEvent.UpdatesFailing first = (ConsulEvent.UpdatesFailing) events.getFirst();
        assertThat(first.reason()).isEqualTo("cannot connect to http://127.0.0.1:8500");
        assertThat(first.failures()).isEqualTo(1);
        assertThat(events.stream().mapToLong(e -> ((ConsulEvent.UpdatesFailing) e).failures()).sum())
                .as("every failure is counted in some line").isLessThanOrEqualTo(tries[0]);
    }

    @Test
    void afterTheAgentComesBackUpdatesResumeAndThatIsSaid() {
        TtlUpdater updater = updater(WORKER);
        facts.put("worker", pinged(Duration.ZERO));
        down = new IOException("Consul answered 403 for vigil:shop:worker:watchdog: ACL not found");
        updater.step(now);
        advance(Duration.ofMillis(500));
        updater.step(now);   // within the retry wait: not tried
        down = null;
        advance(Duration.ofMillis(500));
        updater.step(now);
        assertThat(types()).containsExactly("consul_updates_failing", "consul_updates_resumed", "consul_check_updated");
        assertThat(((ConsulEvent.UpdatesFailing) events.getFirst()).reason()).contains("403").contains("ACL not found");
        assertThat(((ConsulEvent.UpdatesResumed) events.get(1)).failures()).isEqualTo(1);
        assertThat(calls).containsExactly("pass vigil:shop:worker:watchdog (WATCHDOG=1 0ms ago)");
    }

    @Test
    void stepsRunFromAQuarterOfTheShortestTtlWithinBounds() {
        assertThat(TtlUpdater.period(List.of(WORKER))).isEqualTo(Duration.ofMillis(750));
        assertThat(TtlUpdater.period(List.of(new WatchedCheck("a", "b", "c", Duration.ofMillis(200)))))
                .isEqualTo(Duration.ofMillis(100));
        assertThat(TtlUpdater.period(List.of(new WatchedCheck("a", "b", "c", Duration.ofHours(1)))))
                .isEqualTo(Duration.ofSeconds(5));
    }
}
