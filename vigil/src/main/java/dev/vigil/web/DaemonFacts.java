package dev.vigil.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The daemon's own figures for the dashboard's header: resident memory and CPU use (from
 * {@code /proc/self}), the restart budget left, the config path. Read by the stream's sampler,
 * never per request, and {@code /proc} at most once per {@link #READ_EVERY}; values are rounded
 * (0.1 MiB, 0.1 %) so the stream sends a change only when a person would see one. Called on the
 * hub's thread only.
 */
final class DaemonFacts {
    static final Duration READ_EVERY = Duration.ofSeconds(2);

    /** What is read from the kernel: resident bytes (-1 if unknown) and CPU time used so far. */
    interface Usage {
        long rssBytes();

        Duration cpu();
    }

    private final Usage usage;
    private final LongSupplier nanoTime;
    private final IntSupplier budgetRemaining;
    private final String configPath;
    private long readAt;
    private Duration cpuAt;
    private Map<String, Object> facts;

    DaemonFacts(Usage usage, LongSupplier nanoTime, IntSupplier budgetRemaining, String configPath) {
        this.usage = usage;
        this.nanoTime = nanoTime;
        this.budgetRemaining = budgetRemaining;
        this.configPath = configPath;
    }

    /** This process, from {@code /proc/self/status} (VmRSS) and the JDK's CPU time of the process. */
    static Usage procSelf() {
        return new Usage() {
            @Override
            public long rssBytes() {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                        if (line.startsWith("VmRSS:")) {
                            return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    return -1; // not Linux, or an unexpected format: shown as unknown
                }
                return -1;
            }

            @Override
            public Duration cpu() {
                return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
            }
        };
    }

    /**
     * The facts now: {@code config_path}, {@code restart_budget_remaining}, {@code rss_mib}
     * (resident memory in MiB, one decimal; null if unknown) and {@code cpu_percent} (of one core, over the last
     * read interval; null until two reads). Equal maps mean nothing visible changed.
     */
    Map<String, Object> sample() {
        long now = nanoTime.getAsLong();
        if (facts == null || now - readAt >= READ_EVERY.toNanos()) {
            Duration cpu = usage.cpu();
            Double percent = cpuAt == null || now == readAt ? null
                    : Math.round(1000.0 * cpu.minus(cpuAt).toNanos() / (now - readAt)) / 10.0;
            long rss = usage.rssBytes();
            Map<String, Object> next = new LinkedHashMap<>();
            next.put("config_path", configPath);
            next.put("rss_mib", rss < 0 ? null : Math.round(rss * 10.0 / (1 << 20)) / 10.0);
            next.put("cpu_percent", percent);
            facts = next;
            readAt = now;
            cpuAt = cpu;
        }
        Map<String, Object> out = new LinkedHashMap<>(facts);
        out.put("restart_budget_remaining", budgetRemaining.getAsInt());
        return out;
    }
}
