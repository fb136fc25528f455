package dev.vigil.supervise;

import java.time.Instant;
import java.util.Arrays;

/**
 * How many restarts a service had in the last hour and the last day, in fixed memory: one counter
 * per minute for the hour (exact to the minute) and one per hour for the day (exact to the hour),
 * whatever the number of restarts. Immutable; kept for display only, it decides nothing (the
 * crash-loop window is {@link RestartHistory}). Wall-clock times, since "the last hour" is what people
 * read it as.
 */
public final class RecentRestarts {
    public static final RecentRestarts NONE = new RecentRestarts(new long[60], new int[60], new long[24], new int[24]);

    private final long[] minuteOf;
    private final int[] minuteCount;
    private final long[] hourOf;
    private final int[] hourCount;

    private RecentRestarts(long[] minuteOf, int[] minuteCount, long[] hourOf, int[] hourCount) {
        this.minuteOf = minuteOf;
        this.minuteCount = minuteCount;
        this.hourOf = hourOf;
        this.hourCount = hourCount;
    }

    /** These counts with {@code count} more restarts at {@code at}. */
    RecentRestarts plus(Instant at, int count) {
        long minute = Math.floorDiv(at.getEpochSecond(), 60);
        long hour = Math.floorDiv(minute, 60);
        long[] mOf = Arrays.copyOf(minuteOf, 60);
        int[] mCount = Arrays.copyOf(minuteCount, 60);
        long[] hOf = Arrays.copyOf(hourOf, 24);
        int[] hCount = Arrays.copyOf(hourCount, 24);
        bump(mOf, mCount, minute, count);
        bump(hOf, hCount, hour, count);
        return new RecentRestarts(mOf, mCount, hOf, hCount);
    }

    private static void bump(long[] of, int[] counts, long slot, int count) {
        int i = (int) Math.floorMod(slot, of.length);
        if (of[i] != slot) {
            of[i] = slot;
            counts[i] = 0;
        }
        counts[i] += count;
    }

    /** Restarts in the 60 minutes up to {@code now} (counting the current minute whole). */
    public int lastHour(Instant now) {
        return within(minuteOf, minuteCount, Math.floorDiv(now.getEpochSecond(), 60));
    }

    /** Restarts in the 24 hours up to {@code now} (counting the current hour whole). */
    public int lastDay(Instant now) {
        return within(hourOf, hourCount, Math.floorDiv(now.getEpochSecond(), 3600));
    }

    private static int within(long[] of, int[] counts, long current) {
        int sum = 0;
        for (int i = 0; i < of.length; i++) {
            if (counts[i] > 0 && of[i] <= current && of[i] > current - of.length) {
                sum += counts[i];
            }
        }
        return sum;
    }
}
