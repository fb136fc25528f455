package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deadlines on a fake ticker, fired by alarms without a thread: no sleeps, exact times. */
class DeadlineTest {

    private final FakeTicker ticker = new FakeTicker();
    private final DeadlineAlarms alarms = new DeadlineAlarms(ticker);

    @Test
    void aDeadlineExpiresAtItsTimeOnTheTickerAndNotANanosecondBefore() {
        List<String> closed = new ArrayList<>();
        Deadline deadline = Deadline.after(Duration.ofMillis(100), alarms);
        deadline.guard(() -> closed.add("socket"));

        ticker.advance(Duration.ofMillis(100).minusNanos(1));
        assertThat(alarms.expireDue()).isZero();
        assertThat(deadline.expired()).isFalse();
        assertThat(deadline.remainingNanos()).isEqualTo(1);
        assertThat(closed).isEmpty();

        ticker.advance(Duration.ofNanos(1));
        assertThat(deadline.expired()).as("due by the ticker, before the alarm fired").isTrue();
        assertThat(deadline.remainingNanos()).isZero();
        assertThat(alarms.expireDue()).isEqualTo(1);
        assertThat(closed).containsExactly("socket");
        assertThat(alarms.expireDue()).as("each deadline fires once").isZero();
    }

    @Test
    void dueDeadlinesFireInDeadlineOrderAndACancelledOneNever() {
        List<String> closed = new ArrayList<>();
        Deadline late = Deadline.after(Duration.ofMillis(300), alarms);
        late.guard(() -> closed.add("late"));
        Deadline early = Deadline.after(Duration.ofMillis(100), alarms);
        early.guard(() -> closed.add("early"));
        Deadline cancelled = Deadline.after(Duration.ofMillis(200), alarms);
        cancelled.guard(() -> closed.add("cancelled"));
        Deadline notYet = Deadline.after(Duration.ofMillis(301), alarms);
        notYet.guard(() -> closed.add("not yet"));
        cancelled.close();

        ticker.advance(Duration.ofMillis(300));

        assertThat(alarms.expireDue()).isEqualTo(2);
        assertThat(closed).containsExactly("early", "late");
        assertThat(cancelled.expired()).as("by the clock, though nothing was closed").isTrue();
        assertThat(notYet.expired()).isFalse();
    }

    @Test
    void aResourceGuardedAfterTheDeadlineFiredIsClosedAtOnce() {
        Deadline deadline = Deadline.after(Duration.ofMillis(10), alarms);
        ticker.advance(Duration.ofMillis(10));
        alarms.expireDue();

        List<String> closed = new ArrayList<>();
        deadline.guard(() -> closed.add("socket"));

        assertThat(closed).containsExactly("socket");
    }

    @Test
    void closingTheAlarmsFiresWhatIsPendingSoNoProbeWaitsForAnAlarmThatWillNeverCome() {
        List<String> closed = new ArrayList<>();
        Deadline pending = Deadline.after(Duration.ofSeconds(10), alarms);
        pending.guard(() -> closed.add("pending"));
        Deadline cancelled = Deadline.after(Duration.ofSeconds(10), alarms);
        cancelled.guard(() -> closed.add("cancelled"));
        cancelled.close();

        alarms.close();

        assertThat(closed).containsExactly("pending");
        assertThat(pending.expired()).isTrue();
    }

    @Test
    void aDeadlineArmedOnClosedAlarmsExpiresAtOnceSoNoProbeWaitsForAnAlarmThatWillNeverCome() {
        alarms.close();
        Deadline deadline = Deadline.after(Duration.ofSeconds(10), alarms);

        List<String> closed = new ArrayList<>();
        deadline.guard(() -> closed.add("socket"));

        assertThat(deadline.expired()).isTrue();
        assertThat(closed).containsExactly("socket");
    }

    @Test
    void aDeadlineIsCountedFromItsArmingOnTheTicker() {
        ticker.advance(Duration.ofSeconds(5));
        Deadline deadline = Deadline.after(Duration.ofSeconds(1), alarms);

        assertThat(deadline.deadlineNanos()).isEqualTo(ticker.nanoTime() + Duration.ofSeconds(1).toNanos());
        assertThat(deadline.remainingNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }
}
