package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DegradedAction;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.ServiceSpec;
import dev.vigil.probe.ProbeOutcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The core's answer to the {@code memory} probe that {@code restart_on_memory} adds: it restarts
 * its process like a failed liveness probe, after its own two checks whatever {@code restart_after}
 * says, with the RSS and the limit in the reason and the evidence.
 */
class MemoryRestartTest {

    private static final ProbeOutcome ABOVE = new ProbeOutcome.Unhealthy(
            "rss 431 MiB above restart_on_memory 400 MiB (group 4242, 2 processes)", Duration.ofMillis(2));
    private static final ProbeOutcome BELOW = new ProbeOutcome.Healthy(Duration.ofMillis(2),
            "rss 380 MiB of 400 MiB (group 4242, 2 processes)");

    private static ServiceSpec service(DegradedAction action, int restartAfter) {
        ProbeSpec memory = new ProbeSpec("memory", new ProbeTarget.Memory("web", "web", 400L << 20), Optional.of("web"),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO, 2, 1, ProbeRole.LIVENESS, Specs.HERE);
        return Specs.service("web").processes("web").probe(memory).onDegraded(action, restartAfter).build();
    }

    @Test
    void twoChecksAboveRestartTheProcessWithTheRssInTheReasonAndEvidence() {
        CoreHarness h = new CoreHarness(service(DegradedAction.RESTART, 5)).running();
        long before = h.instance("web");
        h.probe("memory", ABOVE, 1, 0, false, false);
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        assertThat(h.effects(Effect.SignalGroup.class)).isEmpty();

        h.probe("memory", ABOVE, 2, 0, true, true);
        String reason = "memory: rss 431 MiB above restart_on_memory 400 MiB (group 4242, 2 processes) for 2 checks";
        assertThat(h.events(SupervisorEvent.RestartTriggered.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(h.effects(Effect.CollectEvidence.class)).singleElement().satisfies(e -> {
            assertThat(e.process()).isEqualTo("web");
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.failing()).hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(ABOVE));
        });
        assertThat(h.effects(Effect.SignalGroup.class)).hasSize(1);

        h.exit("web", 143);
        h.started("web");
        assertThat(h.instance("web")).isGreaterThan(before);
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        assertThat(h.effects(Effect.StartProbes.class)).singleElement()
                .satisfies(sp -> assertThat(sp.probes()).extracting(ProbeSpec::name).containsExactly("memory"));
    }

    @Test
    void oneCheckAboveThenOneBelowRestartsNothing() {
        CoreHarness h = new CoreHarness(service(DegradedAction.RESTART, 3)).running();
        h.probe("memory", ABOVE, 1, 0, false, false);
        h.probe("memory", BELOW, 0, 1, false, false);
        h.probe("memory", ABOVE, 1, 0, false, false);
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        assertThat(h.events(SupervisorEvent.RestartTriggered.class)).isEmpty();
        assertThat(h.effects(Effect.SignalGroup.class)).isEmpty();
    }

    @Test
    void aReadingThatCannotBeTakenNeverRestarts() {
        CoreHarness h = new CoreHarness(service(DegradedAction.RESTART, 3)).running();
        h.probe("memory", new ProbeOutcome.Unprobeable("resident memory not measured: no live process is left in group 4242"),
                0, 0, false, false);
        assertThat(h.kind()).isEqualTo(StateKind.RUNNING);
        assertThat(h.effects(Effect.SignalGroup.class)).isEmpty();
        assertThat(h.events(SupervisorEvent.ProbeUnprobeable.class)).hasSize(1);
    }

    @Test
    void onDegradedWarnOnlyDegradesWithTheRss() {
        CoreHarness h = new CoreHarness(service(DegradedAction.WARN, 3)).running();
        h.probe("memory", ABOVE, 1, 0, false, false);
        h.probe("memory", ABOVE, 2, 0, true, true);
        h.probe("memory", ABOVE, 3, 0, true, false);
        assertThat(h.state).isEqualTo(new ServiceState.Degraded(
                "memory: rss 431 MiB above restart_on_memory 400 MiB (group 4242, 2 processes) for 3 checks"));
        assertThat(h.effects(Effect.SignalGroup.class)).isEmpty();
    }

    @Test
    void theThresholdShownIsTheProbesOwn() {
        CoreHarness h = new CoreHarness(service(DegradedAction.RESTART, 7)).running();
        assertThat(Gates.threshold(h.ctx, h.probeSlot("memory").orElseThrow())).isEqualTo(2);
    }
}
