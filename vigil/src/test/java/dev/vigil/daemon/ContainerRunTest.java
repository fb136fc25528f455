package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DaemonSettings;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.VigilConfig;
import dev.vigil.process.LogLine;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The formats of echoed service lines and who may end a {@code vigil run}. */
class ContainerRunTest {
    private static final Instant AT = Instant.parse("2026-11-29T12:00:00Z");
    private final PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    private ContainerRun run;

    @AfterEach
    void close() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void prefixAndJsonLines() {
        run = new ContainerRun(config(false, "web"), DaemonSettings.LogFormat.PREFIX, false, sink, sink);
        assertThat(run.format("web", "main", LogLine.Stream.STDOUT, AT, "hello \"x\"")).isEqualTo("web/main | hello \"x\"");
        run.close();
        run = new ContainerRun(config(false, "web"), DaemonSettings.LogFormat.JSON, false, sink, sink);
        assertThat(run.format("web", "main", LogLine.Stream.STDERR, AT, "hello \"x\""))
                .isEqualTo("{\"ts\":\"2026-11-29T12:00:00Z\",\"service\":\"web\",\"process\":\"main\",\"stream\":\"stderr\","
                        + "\"line\":\"hello \\\"x\\\"\"}");
    }

    @Test
    void onlyACriticalServiceReachingFailedStopsTheRun() {
        run = new ContainerRun(config(false, "db"), null, false, sink, sink);
        AtomicInteger stops = new AtomicInteger();
        EventSink watch = run.failureWatch(stops::incrementAndGet);
        watch.accept(AT, new SupervisorEvent.ServiceStateChanged("web", StateKind.BACKOFF, StateKind.FAILED, "crash loop"));
        watch.accept(AT, new SupervisorEvent.ServiceStateChanged("db", StateKind.RUNNING, StateKind.DEGRADED, "probe"));
        assertThat(stops).hasValue(0);
        assertThat(run.failure()).isNull();
        watch.accept(AT, new SupervisorEvent.ServiceStateChanged("db", StateKind.BACKOFF, StateKind.FAILED, "crash loop"));
        watch.accept(AT, new SupervisorEvent.ServiceStateChanged("db", StateKind.BACKOFF, StateKind.FAILED, "again"));
        assertThat(stops).as("once").hasValue(1);
        assertThat(run.failure()).isEqualTo("service db reached FAILED (crash loop): it is critical");
    }

    @Test
    void exitOnFailedMakesAnyFailedServiceEndTheRunAndAReloadUpdatesWhoIsCritical() {
        run = new ContainerRun(config(false), null, false, sink, sink);
        AtomicInteger stops = new AtomicInteger();
        EventSink watch = run.failureWatch(stops::incrementAndGet);
        watch.accept(AT, new SupervisorEvent.ServiceStateChanged("web", StateKind.BACKOFF, StateKind.FAILED, "x"));
        assertThat(stops).hasValue(0);
        run.applied(config(true));
        watch.accept(AT, new SupervisorEvent.ServiceStateChanged("web", StateKind.BACKOFF, StateKind.FAILED, "x"));
        assertThat(stops).hasValue(1);
        assertThat(run.failure()).endsWith(": exit_on_failed is set");
    }

    private static VigilConfig config(boolean exitOnFailed, String... critical) {
        List<ServiceSpec> services = List.of(critical).stream().map(name -> new ServiceSpec(name, List.of(process()),
                new dev.vigil.config.RestartPolicy(dev.vigil.config.RestartMode.ALWAYS, dev.vigil.config.BackoffSpec.defaults(),
                        5, Duration.ofMinutes(1), java.util.Optional.empty()), true, List.of(), dev.vigil.config.DegradedAction.RESTART, 3,
                new dev.vigil.config.SourceRef(java.nio.file.Path.of("test.toml"), 1, 1), true)).toList();
        return new VigilConfig(List.of(), new DaemonSettings(3, Duration.ofMinutes(1), exitOnFailed,
                DaemonSettings.LogFormat.PREFIX), services);
    }

    private static ProcessSpec process() {
        return new ProcessSpec("main", List.of("/bin/true"), java.util.Map.of(), java.util.Optional.empty(),
                dev.vigil.config.UnixSignal.TERM, Duration.ofSeconds(10), dev.vigil.config.ProcessType.SIMPLE,
                Duration.ofSeconds(30), java.util.Optional.empty(), dev.vigil.config.NotifyAccess.MAIN, false,
                dev.vigil.config.LogSpec.defaults());
    }
}
