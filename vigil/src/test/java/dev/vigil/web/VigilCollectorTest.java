package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.SourceRef;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.process.ExitStatus;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorSnapshot;
import dev.vigil.supervise.SupervisorSnapshot.ProbeView;
import dev.vigil.supervise.SupervisorSnapshot.ProcessView;
import dev.vigil.supervise.SupervisorSnapshot.ServiceView;
import dev.vigil.supervise.SupervisorEvent;
import dev.vigil.metrics.ServiceCounters;
import dev.vigil.time.Ticker;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The exported families from a snapshot and counters, as Prometheus reads them (text format). */
class VigilCollectorTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final AtomicReference<SupervisorSnapshot> snapshot = new AtomicReference<>();
    private final ServiceCounters counters = new ServiceCounters(Ticker.system());
    private final VigilCollector collector = new VigilCollector(snapshot::get, counters, "9.9.9", true);

    private static ProbeSpec probe(String name) {
        return new ProbeSpec(name, new ProbeTarget.Tcp(new Endpoint.Tcp("127.0.0.1", 8080)), Optional.empty(),
                Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ZERO, 3, 1, ProbeRole.LIVENESS,
                new SourceRef(Path.of("vigil.toml"), 1, 1));
    }

    private static ServiceView service(String name, StateKind state, List<ProcessView> processes, List<ProbeView> probes) {
        return new ServiceView(name, state, "", T0, processes, 0, Optional.empty(), probes, Optional.empty());
    }

    private static ProcessView process(String name, boolean alive, Optional<ExitStatus> lastExit) {
        return new ProcessView(name, alive ? 4242 : 0, alive ? 4242 : 0, alive ? Optional.of(T0) : Optional.empty(),
                lastExit, alive, 1, "", Optional.empty());
    }

    private static ProbeView probeView(String name, ProbeOutcome last, int failures) {
        return new ProbeView(name, ProbeRole.LIVENESS, "tcp 127.0.0.1:8080", Optional.of(last.describe()),
                Optional.of(4L), failures, 0, failures >= 3, true, probe(name), Optional.of(last), Optional.of(T0), 3);
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, collector.collect());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statesUpExitCodesAndProbesComeFromTheSnapshot() throws Exception {
        snapshot.set(new SupervisorSnapshot(T0, List.of(
                service("web", StateKind.DEGRADED, List.of(process("web", true, Optional.of(new ExitStatus.Signaled(9)))),
                        List.of(probeView("health", new ProbeOutcome.Unhealthy("empty reply", Duration.ofMillis(3)), 4))),
                service("batch", StateKind.FAILED, List.of(process("batch", false, Optional.of(new ExitStatus.Exited(3)))),
                        List.of()),
                service("report", StateKind.WAITING, List.of(process("report", false, Optional.empty())), List.of()))));

        String text = scrape();

        assertThat(text).contains(
                "vigil_service_state{service=\"web\",state=\"degraded\"} 1.0",
                "vigil_service_state{service=\"web\",state=\"running\"} 0.0",
                "vigil_service_state{service=\"batch\",state=\"failed\"} 1.0",
                "vigil_service_state{service=\"report\",state=\"waiting\"} 1.0",
                "vigil_service_state{service=\"web\",state=\"waiting\"} 0.0",
                "vigil_service_up{service=\"web\"} 1.0",
                "vigil_service_up{service=\"batch\"} 0.0",
                "vigil_service_start_time_seconds{service=\"web\"} " + (double) T0.getEpochSecond(),
                "vigil_process_last_exit_code{process=\"web\",service=\"web\"} 137.0",
                "vigil_process_last_exit_code{process=\"batch\",service=\"batch\"} 3.0",
                "vigil_probe_success{probe=\"health\",service=\"web\"} 0.0",
                "vigil_probe_consecutive_failures{probe=\"health\",service=\"web\"} 4.0",
                "vigil_probe_total{kind=\"tcp\",probe=\"health\",result=\"failure\",service=\"web\"} 0.0",
                "vigil_service_restarts_total{reason=\"probe\",service=\"web\"} 0.0",
                "vigil_restart_budget_remaining 3.0",
                "vigil_build_info{version=\"9.9.9\"} 1");
        assertThat(text).contains("# TYPE vigil_service_restarts_total counter", "# TYPE vigil_service_state gauge",
                "# TYPE vigil_probe_total counter");
        assertThat(text).doesNotContain("4242"); // no PIDs anywhere
        assertThat(text.lines().filter(l -> l.startsWith("vigil_service_state{")).count()).isEqualTo(24);
    }

    @Test
    void countersAppearAndARemovedServicesSeriesDisappear() throws Exception {
        ServiceView web = service("web", StateKind.RUNNING, List.of(process("web", true, Optional.empty())), List.of());
        ServiceView db = service("db", StateKind.RUNNING, List.of(process("db", true, Optional.empty())), List.of());
        snapshot.set(new SupervisorSnapshot(T0, List.of(web, db)));
        counters.accept(new SupervisorEvent.RestartTriggered("db", "db", "alive: empty reply, 3/3"));
        counters.accept(new SupervisorEvent.WatchdogMissed("db", "db", 2000, "no WATCHDOG=1 within 2s"));

        assertThat(scrape()).contains("vigil_service_restarts_total{reason=\"probe\",service=\"db\"} 1.0",
                "vigil_watchdog_timeouts_total{process=\"db\",service=\"db\"} 1.0");

        snapshot.set(new SupervisorSnapshot(T0, List.of(web)));
        String after = scrape();
        assertThat(after).doesNotContain("service=\"db\"");
        assertThat(after).contains("vigil_service_state{service=\"web\",state=\"running\"} 1.0");
    }

    @Test
    void probeRoundLatenessIsOneDaemonWideHistogram() throws Exception {
        snapshot.set(new SupervisorSnapshot(T0, List.of()));
        counters.probeRoundStarted(-5_000);          // early: on time
        counters.probeRoundStarted(80_000);          // 0.08 ms
        counters.probeRoundStarted(300_000);         // 0.3 ms
        counters.probeRoundStarted(7_000_000_000L);  // 7 s: a paused daemon

        String text = scrape();

        assertThat(text).contains("# TYPE vigil_probe_lateness_seconds histogram",
                "vigil_probe_lateness_seconds_bucket{le=\"1.0E-4\"} 2",
                "vigil_probe_lateness_seconds_bucket{le=\"2.5E-4\"} 2",
                "vigil_probe_lateness_seconds_bucket{le=\"5.0E-4\"} 3",
                "vigil_probe_lateness_seconds_bucket{le=\"5.0\"} 3",
                "vigil_probe_lateness_seconds_bucket{le=\"10.0\"} 4",
                "vigil_probe_lateness_seconds_bucket{le=\"+Inf\"} 4",
                "vigil_probe_lateness_seconds_count 4");
    }

    @Test
    void judgedProbeRoundsFillTheLatencyHistogram() throws Exception {
        List<java.util.function.Consumer<dev.vigil.probe.ProbeReport>> sinks = new java.util.ArrayList<>();
        dev.vigil.probe.ProbeControl counting = counters.counting(new dev.vigil.probe.ProbeControl() {
            public void start(String service, long instance, List<ProbeSpec> probes,
                              java.util.function.Consumer<dev.vigil.probe.ProbeReport> sink) {
                sinks.add(sink);
            }
            public void stop(String service, List<String> names) { }
            public void stopAll(String service) { }
        });
        counting.start("web", 1, List.of(probe("health")), report -> { });
        for (ProbeOutcome outcome : List.<ProbeOutcome>of(new ProbeOutcome.Healthy(Duration.ofMillis(3), "200 OK"),
                new ProbeOutcome.Unhealthy("empty reply", Duration.ofMillis(40)), new ProbeOutcome.TimedOut(Duration.ofMillis(500)),
                new ProbeOutcome.Unknown(Duration.ofSeconds(3)))) {
            sinks.getFirst().accept(new dev.vigil.probe.ProbeReport("web", "health", ProbeRole.LIVENESS, Optional.empty(), 1,
                    outcome, 0, 0, false, false));
        }
        snapshot.set(new SupervisorSnapshot(T0, List.of(service("web", StateKind.RUNNING, List.of(),
                List.of(probeView("health", new ProbeOutcome.Healthy(Duration.ofMillis(3), ""), 0))))));

        String text = scrape();

        assertThat(text).contains(
                "vigil_probe_duration_seconds_bucket{probe=\"health\",service=\"web\",le=\"0.005\"} 1",
                "vigil_probe_duration_seconds_bucket{probe=\"health\",service=\"web\",le=\"0.05\"} 2",
                "vigil_probe_duration_seconds_bucket{probe=\"health\",service=\"web\",le=\"0.5\"} 3",
                "vigil_probe_duration_seconds_bucket{probe=\"health\",service=\"web\",le=\"+Inf\"} 3",
                "vigil_probe_duration_seconds_count{probe=\"health\",service=\"web\"} 3",
                "vigil_probe_total{kind=\"tcp\",probe=\"health\",result=\"unknown\",service=\"web\"} 1.0");
        assertThat(text).contains("vigil_probe_duration_seconds_sum{probe=\"health\",service=\"web\"} 0.543");
    }

    @Test
    void notificationDeliveriesAreCountedByTargetAndResult() throws Exception {
        snapshot.set(new SupervisorSnapshot(T0, List.of()));
        counters.notifications().count("pager", "sent");
        counters.notifications().count("pager", "sent");
        counters.notifications().count("am", "dropped");
        String text = scrape();
        assertThat(text).contains("vigil_notify_total{result=\"sent\",target=\"pager\"} 2.0")
                .contains("vigil_notify_total{result=\"dropped\",target=\"am\"} 1.0");
    }
}
