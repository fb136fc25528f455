package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.UnixSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one /proc polling loop and its two users, on a made-up /proc and a fake ticker: every wait
 * is exact in ticker time and takes no real time.
 */
class ProcPollTest {

    @TempDir
    Path dir;

    @Test
    void aConditionThatNeverHoldsIsGivenUpAtTheDeadlineAfterBackingOffTo50Ms() {
        FakeProc proc = new FakeProc(dir);
        long deadline = proc.nanoTime() + Duration.ofSeconds(2).toNanos();

        assertThat(proc.poll().until(() -> false, deadline)).isFalse();

        assertThat(proc.pauses()).startsWith(millis(1, 2, 4, 8, 16, 32, 50, 50).toArray(Duration[]::new));
        Duration waited = proc.pauses().stream().reduce(Duration.ZERO, Duration::plus);
        Duration last = proc.pauses().getLast();
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(waited.minus(last)).as("no pause begins after the deadline").isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aConditionThatHoldsAtOnceCostsNoPause() {
        FakeProc proc = new FakeProc(dir);

        assertThat(proc.poll().until(() -> true, proc.nanoTime())).isTrue();
        assertThat(proc.pauses()).isEmpty();
    }

    @Test
    void aSweptProcessThatBecomesAZombieEndsTheWaitAtTheNextLook() {
        FakeProc proc = new FakeProc(dir);
        proc.process(4242, 'S', 100);
        proc.process(4243, 'S', 100);
        AtomicInteger pauses = new AtomicInteger();
        proc.onPause(() -> {
            switch (pauses.incrementAndGet()) {
                case 1 -> proc.gone(4243);
                case 3 -> proc.process(4242, 'Z', 100);
                default -> { }
            }
        });

        assertThat(new TokenSweep(proc.inspector(), proc.poll()).awaitDeath(List.of(4242L, 4243L))).isTrue();

        assertThat(proc.pauses()).isEqualTo(millis(1, 2, 4));
    }

    @Test
    void aSweptProcessThatLivesOnIsGivenUpAfterTwoSecondsOfTickerTime() {
        FakeProc proc = new FakeProc(dir);
        proc.process(4242, 'D', 100);
        long start = proc.nanoTime();

        assertThat(new TokenSweep(proc.inspector(), proc.poll()).awaitDeath(List.of(4242L))).isFalse();

        assertThat(Duration.ofNanos(proc.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2))
                .isLessThan(Duration.ofMillis(2050));
    }

    @Test
    void eachLeftoverIsWaitedForUpToItsOwnStopTimeoutOnTheTicker() {
        FakeProc proc = new FakeProc(dir);
        proc.process(100, 'S', 7);   // ignores its stop signal: given up after its 100 ms
        proc.process(200, 'S', 7);   // exits after the third pause, well within its 10 s
        proc.process(300, 'S', 8);   // pid 300 now belongs to a later process: the leftover is gone
        AtomicInteger pauses = new AtomicInteger();
        proc.onPause(() -> {
            if (pauses.incrementAndGet() == 3) {
                proc.gone(200);
            }
        });
        LaunchRecord stubborn = record(100, 7, Duration.ofMillis(100));
        LaunchRecord quick = record(200, 7, Duration.ofSeconds(10));
        LaunchRecord reused = record(300, 5, Duration.ofSeconds(10));
        long start = proc.nanoTime();

        Map<LaunchRecord, Boolean> stoppedInTime = new LeftoverProcesses(proc.inspector(), proc.poll())
                .awaitExits(List.of(stubborn, quick, reused));

        assertThat(stoppedInTime).containsExactlyInAnyOrderEntriesOf(Map.of(stubborn, false, quick, true, reused, true));
        Duration waited = Duration.ofNanos(proc.nanoTime() - start);
        assertThat(waited).as("until the stubborn one's timeout, not the longest").isGreaterThanOrEqualTo(Duration.ofMillis(100))
                .isLessThan(Duration.ofMillis(150));
    }

    private static LaunchRecord record(long pid, long startTicks, Duration stopTimeout) {
        return new LaunchRecord("svc", "p" + pid, pid, pid, startTicks, "token-" + pid, Instant.EPOCH, UnixSignal.TERM,
                stopTimeout);
    }

    private static List<Duration> millis(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofMillis).toList();
    }
}
