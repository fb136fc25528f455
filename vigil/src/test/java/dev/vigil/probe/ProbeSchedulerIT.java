package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.SourceRef;
import dev.vigil.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real scheduler thread probing a real "ui" process over its Unix socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProbeSchedulerIT {

    @TempDir
    Path dir;

    @Test
    void uiProcessDiesAndItsSocketDisappearsThenTheVerdictTurnsFailing() throws Exception {
        Path socket = dir.resolve("ui.sock");
        List<ProbeReport> reports = new CopyOnWriteArrayList<>();
        ProbeSpec spec = new ProbeSpec("ui-http", Targets.get(new dev.vigil.config.Endpoint.Unix(socket), "/health"),
                Optional.of("ui"), Duration.ofMillis(100), Duration.ofMillis(50), Duration.ZERO, 3, 1,
                ProbeRole.LIVENESS, new SourceRef(Path.of("os.toml"), 3, 1));
        try (RealProbers probers = new RealProbers();
             ProbeScheduler scheduler = ProbeScheduler.running(probers, Ticker.system());
             FixtureProcess ui = FixtureProcess.start("http-server", "--unix", socket.toString())) {
            scheduler.start("os", 7, List.of(spec), reports::add);
            await().atMost(Duration.ofSeconds(10)).until(() -> reports.stream().filter(r -> r.consecutiveSuccesses() >= 3).count() > 0);

            ui.terminate();
            await().atMost(Duration.ofSeconds(10)).until(() -> reports.stream().anyMatch(ProbeReport::verdictChanged));
            ProbeReport flipped = reports.stream().filter(ProbeReport::verdictChanged).findFirst().orElseThrow();
            assertThat(flipped.failing()).isTrue();
            assertThat(flipped.consecutiveFailures()).isEqualTo(3);
            assertThat(flipped.instance()).isEqualTo(7);
            assertThat(flipped.outcome().describe()).isEqualTo("connect refused (unix:" + socket + "): socket file missing");

            scheduler.stopAll("os");
            int afterStop = reports.size();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> reports.size() == afterStop);
        }
    }

    @Test
    void moreStoppedPeersThanPlatformRoundThreadsAllTimeOutAtTheirDeadline() throws Exception {
        // More probes than platform round threads, so some rounds spill to virtual threads: every
        // round, on either kind of thread, must end as TimedOut at its deadline, none judged late.
        int probes = RoundThreads.PLATFORM_THREADS + 8;
        // A second wave (a round waiting for a platform thread) would end at 2 x timeout or later;
        // one second leaves a wide margin below that for a loaded machine (843 ms seen at 300 ms).
        Duration timeout = Duration.ofSeconds(1);
        java.util.Map<String, Long> firstReportNanos = new java.util.concurrent.ConcurrentHashMap<>();
        List<ProbeReport> reports = new CopyOnWriteArrayList<>();
        try (FixtureProcess server = FixtureProcess.start("http-server", "--port", "0");
             RealProbers probers = new RealProbers();
             ProbeScheduler scheduler = ProbeScheduler.running(probers, Ticker.system())) {
            server.signal("STOP");
            try {
                List<ProbeSpec> specs = new java.util.ArrayList<>();
                for (int i = 0; i < probes; i++) {
                    specs.add(new ProbeSpec("p" + i, Targets.get(server.endpoint(), "/health"), Optional.empty(),
                            Duration.ofSeconds(10), timeout, Duration.ZERO, 3, 1, ProbeRole.LIVENESS,
                            new SourceRef(Path.of("load.toml"), i + 1, 1)));
                }
                long started = System.nanoTime();
                scheduler.start("stopped", 1, specs, report -> {
                    firstReportNanos.putIfAbsent(report.probe(), System.nanoTime() - started);
                    reports.add(report);
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> firstReportNanos.size() == probes);
                assertThat(reports).allSatisfy(report ->
                        assertThat(report.outcome()).isEqualTo(new ProbeOutcome.TimedOut(timeout)));
                assertThat(firstReportNanos.values()).allSatisfy(nanos -> assertThat(Duration.ofNanos(nanos))
                        .isGreaterThanOrEqualTo(timeout.minusMillis(5)).isLessThan(timeout.multipliedBy(2).minusMillis(50)));
            } finally {
                server.signal("CONT");
            }
        }
    }
}
