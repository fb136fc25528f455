package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DeadlineAlarmsTest {

    private final DeadlineAlarms alarms = new DeadlineAlarms("test-deadlines");

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
        java.util.List<Long> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 20; i >= 1; i--) {
            long id = i;
            armed(Duration.ofMillis(10L * i)).guard(() -> order.add(id));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 20);
        assertThat(order).isSorted();
    }

    private Deadline armed(Duration timeout) {
        return Deadline.after(timeout, alarms);
    }
}
