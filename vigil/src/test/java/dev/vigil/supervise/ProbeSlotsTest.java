package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.ProbeReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The probe slots of a service: a read-only map in declaration order whose counts always equal a
 * count over every slot, whatever sequence of replacements built it.
 */
class ProbeSlotsTest {
    private static final List<ProbeSpec> SPECS = List.of(
            Specs.probe("boot", ProbeRole.STARTUP, Optional.empty(), 1),
            Specs.probe("web-boot", ProbeRole.STARTUP, Optional.of("web"), 1),
            Specs.probe("ready", ProbeRole.READINESS, Optional.empty(), 2),
            Specs.probe("web-ready", ProbeRole.READINESS, Optional.of("web"), 2),
            Specs.probe("alive", ProbeRole.LIVENESS, Optional.empty(), 3),
            Specs.probe("web-alive", ProbeRole.LIVENESS, Optional.of("web"), 3));

    @Test
    void isAReadOnlyMapInDeclarationOrder() {
        ProbeSlots slots = ProbeSlots.initial(SPECS);
        Map<String, ProbeSlot> plain = new LinkedHashMap<>();
        SPECS.forEach(p -> plain.put(p.name(), ProbeSlot.initial(p)));

        assertThat(slots).isEqualTo(plain);
        assertThat(plain).isEqualTo(slots);
        assertThat(slots.hashCode()).isEqualTo(plain.hashCode());
        assertThat(slots.keySet()).containsExactly("boot", "web-boot", "ready", "web-ready", "alive", "web-alive");
        assertThat(slots.values()).extracting(ProbeSlot::name).containsExactlyElementsOf(plain.keySet());
        assertThat(slots.get("alive")).isEqualTo(ProbeSlot.initial(SPECS.get(4)));
        assertThat(slots.get("nope")).isNull();
        assertThat(slots.indexOf("ready")).isEqualTo(2);
        assertThat(slots.indexOf("nope")).isEqualTo(-1);
        assertThatThrownBy(() -> slots.put("x", slots.get("boot"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> slots.remove("boot")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(slots::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> slots.values().removeIf(p -> true)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> slots.entrySet().iterator().next().setValue(null))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void replacingASlotLeavesTheOldVersionAsItWasAndKeepsTheOrder() {
        ProbeSlots before = ProbeSlots.initial(SPECS);
        ProbeSlot started = before.get("ready").startedFor(7);

        ProbeSlots after = before.with(started);

        assertThat(after.get("ready")).isSameAs(started);
        assertThat(before.get("ready").active()).isFalse();
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        assertThat(after.sameProbesAs(before)).isTrue();
        assertThat(ProbeSlots.initial(SPECS).sameProbesAs(before)).isFalse();
        assertThat(after.with(started)).isSameAs(after);
        assertThatThrownBy(() -> before.with(ProbeSlot.initial(Specs.probe("other", ProbeRole.LIVENESS,
                Optional.empty(), 1)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
    }

    @Test
    void initialCountsMatchFreshSlots() {
        ProbeSlots slots = ProbeSlots.initial(SPECS);

        assertThat(slots.count(ProbeSlots.Tally.STARTUP_PENDING)).isEqualTo(2);
        assertThat(slots.count(ProbeSlots.Tally.SERVICE_WIDE_PAUSED)).isEqualTo(2); // ready, alive
        assertThat(slots.count(ProbeSlots.Tally.READINESS_NOT_PASSED)).isEqualTo(2);
        assertThat(slots.any(ProbeSlots.Tally.ACTIVE)).isFalse();
        assertThat(slots.any(ProbeSlots.Tally.FAILING)).isFalse();
    }

    /** Random starts, stops, reports and startup passes: every count equals the count over all slots. */
    @Test
    void countsEqualACountOverEverySlotAfterAnySequenceOfReplacements() {
        Random random = new Random(16);
        ProbeSlots slots = ProbeSlots.initial(SPECS);
        List<ProbeSlots> versions = new ArrayList<>();
        for (int step = 0; step < 5_000; step++) {
            ProbeSlot slot = slots.at(random.nextInt(slots.size()));
            ProbeSlot next = switch (random.nextInt(5)) {
                case 0 -> slot.startedFor(step + 1);
                case 1 -> slot.stopped();
                case 2 -> slot.passedStartup();
                default -> slot.withReport(report(slot, random));
            };
            slots = slots.with(next);
            assertCountsMatch(slots);
            if (step % 500 == 0) {
                versions.add(slots);
            }
        }
        versions.forEach(ProbeSlotsTest::assertCountsMatch); // older versions were not changed by later ones
    }

    private static ProbeReport report(ProbeSlot slot, Random random) {
        boolean fails = random.nextBoolean();
        int failures = fails ? 1 + random.nextInt(4) : 0;
        int successes = fails ? 0 : random.nextInt(3);
        ProbeOutcome outcome = fails ? new ProbeOutcome.Unhealthy("503", Duration.ofMillis(2))
                : new ProbeOutcome.Healthy(Duration.ofMillis(2), "");
        return new ProbeReport("svc", slot.name(), slot.role(), slot.spec().process(), slot.instance(), outcome,
                failures, successes, fails && random.nextBoolean(), random.nextBoolean());
    }

    private static void assertCountsMatch(ProbeSlots slots) {
        for (ProbeSlots.Tally tally : ProbeSlots.Tally.values()) {
            long expected = slots.values().stream().filter(tally::holds).count();
            assertThat(slots.count(tally)).as("%s over %s", tally, slots).isEqualTo((int) expected);
            assertThat(slots.any(tally)).isEqualTo(expected > 0);
        }
        // And each tally says what the rules meant by it, slot by slot.
        for (ProbeSlot p : slots.values()) {
            assertThat(ProbeSlots.Tally.FAILING.holds(p)).isEqualTo(p.role() != ProbeRole.STARTUP && p.failing());
            assertThat(ProbeSlots.Tally.ACTIVE.holds(p)).isEqualTo(p.active());
            assertThat(ProbeSlots.Tally.STARTUP_PENDING.holds(p)).isEqualTo(p.role() == ProbeRole.STARTUP && !p.passed());
            int failures = p.last().filter(r -> p.active()).map(ProbeReport::consecutiveFailures).orElse(0);
            assertThat(ProbeSlots.Tally.LIVENESS_COUNTING_FAILURES.holds(p))
                    .isEqualTo(p.role() == ProbeRole.LIVENESS && failures > 0);
        }
    }
}
