package dev.vigil.probe;

import static dev.vigil.probe.ProbeOutcome.Verdict.FAILURE;
import static dev.vigil.probe.ProbeOutcome.Verdict.NEUTRAL;
import static dev.vigil.probe.ProbeOutcome.Verdict.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProbeCounterTest {

    @Test
    void turnsFailingAtTheFailureThresholdAndOnlyThen() {
        ProbeCounter counter = new ProbeCounter(3, 1);
        assertThat(counter.count(FAILURE)).isFalse();
        assertThat(counter.count(FAILURE)).isFalse();
        assertThat(counter.failing()).isFalse();
        assertThat(counter.count(FAILURE)).isTrue();
        assertThat(counter.failing()).isTrue();
        assertThat(counter.consecutiveFailures()).isEqualTo(3);
        assertThat(counter.count(FAILURE)).isFalse();
        assertThat(counter.consecutiveFailures()).isEqualTo(4);
    }

    @Test
    void aSuccessBreaksAFailureStreak() {
        ProbeCounter counter = new ProbeCounter(3, 1);
        counter.count(FAILURE);
        counter.count(FAILURE);
        counter.count(SUCCESS);
        assertThat(counter.consecutiveFailures()).isZero();
        assertThat(counter.consecutiveSuccesses()).isEqualTo(1);
        counter.count(FAILURE);
        counter.count(FAILURE);
        assertThat(counter.failing()).isFalse();
    }

    @Test
    void recoversAfterTheSuccessThreshold() {
        ProbeCounter counter = new ProbeCounter(1, 2);
        assertThat(counter.count(FAILURE)).isTrue();
        assertThat(counter.count(SUCCESS)).isFalse();
        assertThat(counter.failing()).isTrue();
        assertThat(counter.count(SUCCESS)).isTrue();
        assertThat(counter.failing()).isFalse();
        assertThat(counter.consecutiveSuccesses()).isEqualTo(2);
    }

    @Test
    void neutralRoundsNeitherBreakNorExtendAStreak() {
        ProbeCounter counter = new ProbeCounter(3, 1);
        counter.count(FAILURE);
        counter.count(FAILURE);
        assertThat(counter.count(NEUTRAL)).isFalse();
        assertThat(counter.consecutiveFailures()).isEqualTo(2);
        assertThat(counter.count(FAILURE)).isTrue();
    }

    @Test
    void successesWhileHealthyDoNotFlipAnything() {
        ProbeCounter counter = new ProbeCounter(3, 1);
        assertThat(counter.count(SUCCESS)).isFalse();
        assertThat(counter.count(SUCCESS)).isFalse();
        assertThat(counter.failing()).isFalse();
        assertThat(counter.consecutiveSuccesses()).isEqualTo(2);
    }

    @Test
    void rejectsThresholdsBelowOne() {
        assertThatThrownBy(() -> new ProbeCounter(0, 1)).hasMessageContaining("failures=0");
    }
}
