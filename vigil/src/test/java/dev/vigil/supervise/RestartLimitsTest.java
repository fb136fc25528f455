package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DaemonSettings;
import dev.vigil.config.RestartMode;
import dev.vigil.config.RestartPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The crash-loop intensity window and the daemon-wide probe restart budget. */
class RestartLimitsTest {
    static final long S = 1_000_000_000L;

    @Test
    void intensityAllowsMaxRestartsWithinThePeriodAndNotOneMore() {
        RestartPolicy policy = Specs.policy(RestartMode.ALWAYS, 3); // 3 within 60s
        RestartHistory h = RestartHistory.EMPTY;
        for (int i = 0; i < 3; i++) {
            assertThat(h.exhausted(policy, 10 * S + i * S)).isFalse();
            h = h.plus(policy, 10 * S + i * S);
        }
        assertThat(h.exhausted(policy, 13 * S)).isTrue();
        assertThat(h.countWithin(policy, 13 * S)).isEqualTo(3);
    }

    @Test
    void restartsOlderThanThePeriodNoLongerCount() {
        RestartPolicy policy = Specs.policy(RestartMode.ALWAYS, 2);
        RestartHistory h = RestartHistory.EMPTY.plus(policy, 0).plus(policy, 30 * S);
        assertThat(h.exhausted(policy, 59 * S)).isTrue();
        assertThat(h.exhausted(policy, 60 * S)).isFalse(); // the first fell out of the 60s window
        assertThat(h.plus(policy, 61 * S).restartNanos()).containsExactly(30 * S, 61 * S);
    }

    @Test
    void zeroMaxRestartsFailsOnTheFirstCrash() {
        assertThat(RestartHistory.EMPTY.exhausted(Specs.policy(RestartMode.ALWAYS, 0), 0)).isTrue();
    }

    @Test
    void budgetIsSharedUpToItsLimitWithinThePeriod() {
        RestartBudget b = RestartBudget.of(new DaemonSettings(2, Duration.ofMinutes(1)));
        b = b.spend(0).orElseThrow();
        b = b.spend(10 * S).orElseThrow();
        assertThat(b.spend(59 * S)).isEmpty();
        assertThat(b.spend(60 * S)).isPresent(); // the first spend left the window
    }

    @Test
    void newSettingsKeepWhatWasSpent() {
        RestartBudget b = RestartBudget.of(new DaemonSettings(1, Duration.ofMinutes(1))).spend(0).orElseThrow();
        assertThat(b.spend(S)).isEmpty();
        assertThat(b.withSettings(new DaemonSettings(2, Duration.ofMinutes(1))).spend(S)).isPresent();
    }
}
