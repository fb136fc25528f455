package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.SourceRef;
import dev.vigil.files.SearchPath;
import dev.vigil.process.ProcessInspector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The {@code memory} probe through the real scheduler and prober, with a scripted gauge, a fake
 * clock and rounds run by hand: what two checks above the limit, one above then one below, and a
 * reading that cannot be taken become.
 */
class MemoryProbeTest {

    private static final long LIMIT = 400L << 20;
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final FakeTicker ticker = new FakeTicker();
    private final Queue<Runnable> rounds = new ArrayDeque<>();
    private final Executor executor = rounds::add;
    private final Queue<MemoryReading> readings = new ArrayDeque<>();
    private final List<String> asked = new ArrayList<>();
    private final MemoryGauge gauge = (service, process) -> {
        asked.add(service + "/" + process);
        return readings.remove();
    };
    /** Never started: memory probes set no deadline alarm. */
    private final DeadlineAlarms alarms = new DeadlineAlarms(ticker);
    private final ProbeScheduler scheduler = new ProbeScheduler(
            Prober.standard(ticker, SearchPath.of("/usr/bin"), alarms, ProcessInspector.system(), gauge),
            ticker, executor, lateness -> { });
    private final List<ProbeReport> reports = new ArrayList<>();

    private static ProbeSpec memoryProbe() {
        return new ProbeSpec("memory", new ProbeTarget.Memory("web", "web", LIMIT), Optional.of("web"), INTERVAL,
                Duration.ofSeconds(1), Duration.ZERO, 2, 1, ProbeRole.LIVENESS, new SourceRef(Path.of("services.toml"), 3, 21));
    }

    private static MemoryReading mib(long mib) {
        return new MemoryReading.Measured(mib << 20, "group 4242, 2 processes");
    }

    /** Runs the rounds due now, then moves the clock one interval on. */
    private void check() {
        scheduler.runDue(ticker.nanoTime());
        for (Runnable round; (round = rounds.poll()) != null; ) {
            round.run();
        }
        ticker.advance(INTERVAL);
    }

    @Test
    void twoChecksAboveTheLimitOneIntervalApartTurnTheVerdictRedFromTheFirstRound() {
        scheduler.start("web", 1, List.of(memoryProbe()), reports::add);
        readings.add(mib(431));
        readings.add(mib(433));
        check();
        check();

        assertThat(asked).containsExactly("web/web", "web/web");
        assertThat(reports).extracting(ProbeReport::consecutiveFailures).containsExactly(1, 2);
        assertThat(reports).extracting(ProbeReport::failing).containsExactly(false, true);
        assertThat(reports.get(1).verdictChanged()).isTrue();
        assertThat(reports.get(1).outcome()).isInstanceOfSatisfying(ProbeOutcome.Unhealthy.class, u -> assertThat(u.reason())
                .isEqualTo("rss 433 MiB above restart_on_memory 400 MiB (group 4242, 2 processes)"));
    }

    @Test
    void oneCheckAboveThenOneBelowNeverFails() {
        scheduler.start("web", 1, List.of(memoryProbe()), reports::add);
        readings.add(mib(431));
        readings.add(mib(380));
        readings.add(mib(450));
        check();
        check();
        check();

        assertThat(reports).extracting(ProbeReport::consecutiveFailures).containsExactly(1, 0, 1);
        assertThat(reports).noneMatch(ProbeReport::failing);
        assertThat(reports.get(1).outcome()).isInstanceOfSatisfying(ProbeOutcome.Healthy.class,
                h -> assertThat(h.describe()).startsWith("rss 380 MiB of 400 MiB (group 4242, 2 processes)"));
    }

    @Test
    void exactlyAtTheLimitIsHealthy() {
        scheduler.start("web", 1, List.of(memoryProbe()), reports::add);
        readings.add(new MemoryReading.Measured(LIMIT, "cgroup vigil.web.web"));
        check();
        assertThat(reports.getFirst().outcome().verdict()).isEqualTo(ProbeOutcome.Verdict.SUCCESS);
    }

    @Test
    void aReadingThatCannotBeTakenCountsNeitherWay() {
        scheduler.start("web", 1, List.of(memoryProbe()), reports::add);
        readings.add(mib(431));
        readings.add(new MemoryReading.Unreadable("no live process is left in group 4242"));
        readings.add(mib(431));
        check();
        check();
        check();

        assertThat(reports.get(1).outcome()).isEqualTo(
                new ProbeOutcome.Unprobeable("resident memory not measured: no live process is left in group 4242"));
        assertThat(reports.get(1).outcome().verdict()).isEqualTo(ProbeOutcome.Verdict.NEUTRAL);
        // Unknown leaves the count where it was: the next check above is the second in a row.
        assertThat(reports).extracting(ProbeReport::consecutiveFailures).containsExactly(1, 1, 2);
        assertThat(reports.get(2).failing()).isTrue();
    }

    @Test
    void withoutADaemonNothingIsMeasured() {
        ProbeOutcome outcome = Prober.standard(ticker, SearchPath.of("/usr/bin"), alarms, ProcessInspector.system())
                .probe(memoryProbe().target(), Duration.ofSeconds(1));
        assertThat(outcome).isEqualTo(new ProbeOutcome.Unprobeable(
                "resident memory not measured: resident memory is measured by the daemon only"));
    }
}
