package dev.vigil.process;

import java.util.Properties;

/**
 * How much captured output the daemon keeps in memory for {@code vigil logs}: each process's tail
 * holds at most {@code perProcessBytes} (besides its {@code log_tail_lines}), and all tails together
 * at most {@code totalBytes}; the {@code vigil logs} journal is bounded the same way apart
 * (twice {@code perProcessBytes} per service, {@code totalBytes} in all). A line costs its length in characters plus {@link #LINE_OVERHEAD}
 * (its bookkeeping), so the heap the tails take is bounded however a service writes: before these
 * limits, 1000 lines of 64 KiB per process filled a 64 MiB heap from one noisy service.
 *
 * @param perProcessBytes at most this per process tail (default 1 MiB)
 * @param totalBytes      at most this across every tail of the daemon (default 16 MiB)
 */
public record TailLimits(long perProcessBytes, long totalBytes) {
    /** What each held line costs besides its characters: the LogLine, its String, the ring slot. */
    public static final int LINE_OVERHEAD = 64;
    public static final String PER_PROCESS_PROPERTY = "vigil.log_tail_bytes";
    public static final String TOTAL_PROPERTY = "vigil.log_tail_total_bytes";

    /** What one held line costs: its characters plus {@link #LINE_OVERHEAD}. */
    public static long cost(String text) {
        return LINE_OVERHEAD + (long) text.length();
    }

    public TailLimits {
        if (perProcessBytes < 0 || totalBytes < 0) {
            throw new IllegalArgumentException("tail limits must be >= 0, were " + perProcessBytes + " and " + totalBytes);
        }
    }

    public static TailLimits defaults() {
        return new TailLimits(1L << 20, 16L << 20);
    }

    /**
     * The defaults, overridden by the daemon JVM's system properties {@value #PER_PROCESS_PROPERTY}
     * and {@value #TOTAL_PROPERTY} (plain byte counts).
     *
     * @throws IllegalArgumentException naming the property when a value is not a byte count >= 0
     */
    public static TailLimits from(Properties properties) {
        TailLimits defaults = defaults();
        return new TailLimits(bytes(properties, PER_PROCESS_PROPERTY, defaults.perProcessBytes()),
                bytes(properties, TOTAL_PROPERTY, defaults.totalBytes()));
    }

    private static long bytes(Properties properties, String name, long fallback) {
        String text = properties.getProperty(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + name + ": must be a number of bytes >= 0, was '" + text + "'");
    }
}
