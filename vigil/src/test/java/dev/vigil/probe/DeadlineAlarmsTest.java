package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DeadlineAlarmsTest {

    private final DeadlineAlarms alarms = DeadlineAlarms.start(Ticker.system(), "test-deadlines");

    @AfterEach
    void closeAlarms() {
        alarms.close();
    }

    @Test
    void aDeadlineClosesItsResourceWhenDueAndACancelledOneNever() throws Exception {
        Deadline cancelled = armed(Duration.ofMillis(100));
        CompletableFuture<Long> cancelledClosed = new CompletableFuture<>();
        cancelled.guard(() -> cancelledClosed.complete(System.nanoTime()));
        cancelled.close();
        Deadline later = armed(Duration.ofMillis(200));
        CompletableFuture<Long> laterClosed = new CompletableFuture<>();
        later.guard(() -> laterClosed.complete(System.nanoTime()));

        long closedAt = laterClosed.get(10, TimeUnit.SECONDS);
        assertThat(closedAt - later.deadlineNanos()).isGreaterThanOrEqualTo(0);
        assertThat(later.expired()).isTrue();
        // Alarms fire in deadline order: had the cancelled one been kept, it would have fired first.
        assertThat(cancelledClosed).isNotDone();
    }

    @Test
    void anEarlierDeadlineAddedAfterALaterOneWakesTheThreadInTime() {
        Deadline far = armed(Duration.ofSeconds(60));
        Deadline near = armed(Duration.ofMillis(50));
        await().atMost(Duration.ofSeconds(5)).until(near::expired);
        assertThat(Duration.ofNanos(System.nanoTime() - near.deadlineNanos())).isLessThan(Duration.ofSeconds(2));
        assertThat(far.remainingNanos()).isPositive();
        far.close();
    }

    @Test
    void manyDeadlinesAllExpireInOrder() throws Exception {
        // Each deadline is counted from its own arming, so "in order" means in order of deadlineNanos,
        // not of the timeouts asked for: a test thread descheduled for over 10 ms between two armings
        // gives the later-armed, shorter one the later deadline. And guard() after arming races with
        // the alarm thread (a deadline already due is closed by guard() itself, on this thread); while
        // the alarm thread is held inside a guarded close no deadline can expire, so every guard is in
        // place before its alarm fires, and what is recorded is the alarm thread's order alone.
        AtomicBoolean hold = new AtomicBoolean(true);
        holdAlarmThread(hold);
        List<Deadline> order = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        for (int i = 20; i >= 1; i--) {
            Deadline deadline = armed(Duration.ofMillis(10L * i));
            deadline.guard(() -> {
                order.add(deadline);
                threads.add(Thread.currentThread().getName());
            });
        }
        hold.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 20);
        assertThat(threads).containsOnly("test-deadlines");
        assertThat(order).doesNotHaveDuplicates()
                .isSortedAccordingTo((a, b) -> Long.compare(a.deadlineNanos() - b.deadlineNanos(), 0));
    }

    @Test
    void deadlinesAddedWhileAnExpiringCloseParksStillFire() throws Exception {
        // A guarded close that parks (here on a latch; in production a socket close waiting for a
        // reader's lock) used to consume the permit add() leaves, and an alarm thread that had found
        // its queue empty then slept forever through every deadline added meanwhile.
        CountDownLatch inClose = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean closedByGuard = new AtomicBoolean();
        do {
            closedByGuard.set(false);
            armed(Duration.ofMillis(20)).guard(() -> {
                if (!Thread.currentThread().getName().equals("test-deadlines")) {
                    closedByGuard.set(true);   // due before guard(): closed on this thread; again
                    return;
                }
                inClose.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } while (closedByGuard.get());
        assertThat(inClose.await(10, TimeUnit.SECONDS)).as("the alarm thread is in the parking close").isTrue();
        // While the alarm thread is held nothing expires, so each guard is in place before its alarm.
        List<String> closedOn = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 20; i++) {
            armed(Duration.ofMillis(5)).guard(() -> closedOn.add(Thread.currentThread().getName()));
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> closedOn.size() == 20);
        assertThat(closedOn).as("every alarm fired, by the alarm thread").containsOnly("test-deadlines");
    }

    @Test
    void closingTheAlarmsEndsTheirThreadEvenWithADeadlinePending() {
        armed(Duration.ofMinutes(10));
        assertThat(alarmThreadAlive()).isTrue();

        alarms.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> !alarmThreadAlive());
    }

    private static boolean alarmThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("test-deadlines") && t.isAlive());
    }

    /**
     * Returns once the alarm thread is inside a guarded close that spins while {@code held}. It spins
     * rather than parks: a park there (a latch, a contended lock) consumes the permit that add() leaves
     * for the alarm thread, which then sleeps through the deadlines added meanwhile.
     */
    private void holdAlarmThread(AtomicBoolean held) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        AtomicBoolean closedByGuard = new AtomicBoolean();
        do {
            closedByGuard.set(false);
            armed(Duration.ofMillis(20)).guard(() -> {
                if (Thread.currentThread().getName().equals("test-deadlines")) {
                    holding.countDown();
                    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (held.get() && System.nanoTime() - giveUp < 0) {
                        Thread.onSpinWait();
                    }
                } else {
                    closedByGuard.set(true); // it was due before guard(): the alarm thread is not held; again
                }
            });
        } while (closedByGuard.get());
        assertThat(holding.await(10, TimeUnit.SECONDS)).as("the alarm thread took the blocker").isTrue();
    }

    private Deadline armed(Duration timeout) {
        return Deadline.after(timeout, alarms);
    }
}
