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
        try (ProbeScheduler scheduler = ProbeScheduler.running(Prober.standard(Ticker.system()), Ticker.system());
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
}
