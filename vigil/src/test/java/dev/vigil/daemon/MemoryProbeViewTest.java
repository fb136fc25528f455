package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.ProbeDetail;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.SourceRef;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorSnapshot.ProbeView;
import dev.vigil.supervise.SupervisorSnapshot.ServiceView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code vigil status} shows a memory probe's reading even while it is healthy. */
class MemoryProbeViewTest {
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

    private static ProbeDetail detail(ProbeSpec spec, ProbeOutcome last) {
        ProbeView view = new ProbeView(spec.name(), ProbeRole.LIVENESS, spec.target().describe(), Optional.of(last.describe()),
                Optional.of(1L), 0, 1, false, true, spec, Optional.of(last), Optional.of(T0), spec.failures());
        ServiceView service = new ServiceView("web", StateKind.RUNNING, "", T0, List.of(), 0, Optional.empty(),
                List.of(view), Optional.empty());
        return ApiViews.detail(service, T0, List.of()).probes().getFirst();
    }

    private static ProbeSpec spec(String name, ProbeTarget target) {
        return new ProbeSpec(name, target, Optional.of("web"), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO,
                2, 1, ProbeRole.LIVENESS, new SourceRef(Path.of("services.toml"), 3, 21));
    }

    @Test
    void aHealthyMemoryCheckShowsItsReading() {
        ProbeDetail memory = detail(spec("memory", new ProbeTarget.Memory("web", "web", 400L << 20)),
                new ProbeOutcome.Healthy(Duration.ofMillis(1), "rss 120 MiB of 400 MiB (group 4242, 1 process)"));
        assertThat(memory.kind()).isEqualTo("memory");
        assertThat(memory.target()).isEqualTo("rss of web at most 400MiB");
        assertThat(memory.last().outcome()).isEqualTo("healthy");
        assertThat(memory.last().reason()).isEqualTo("rss 120 MiB of 400 MiB (group 4242, 1 process)");
    }

    @Test
    void otherHealthyProbesKeepNoReason() {
        ProbeDetail tcp = detail(spec("up", new ProbeTarget.Tcp(new dev.vigil.config.Endpoint.Tcp("127.0.0.1", 1))),
                new ProbeOutcome.Healthy(Duration.ofMillis(1), "connected"));
        assertThat(tcp.last().reason()).isNull();
    }
}
