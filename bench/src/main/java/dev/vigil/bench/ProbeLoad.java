package dev.vigil.bench;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.SourceRef;
import dev.vigil.files.SearchPath;
import dev.vigil.probe.DeadlineAlarms;
import dev.vigil.probe.ProbeReport;
import dev.vigil.probe.ProbeScheduler;
import dev.vigil.probe.Prober;
import dev.vigil.process.ProcessInspector;
import dev.vigil.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Macro benchmark of the probe scheduler: N HTTP probes, each every {@code interval}, spread evenly
 * over the interval, against HTTP servers already listening on loopback ports. Prints this process's
 * CPU (user+system from /proc/self/stat) over the measured window and the scheduling lateness of
 * every round started in it (how late the probe thread began, versus the planned time).
 *
 * <p>Usage: {@code ProbeLoad --ports 40001,40002 [--probes 1000] [--interval 1s] [--warmup 5] [--seconds 30]}.
 * bench/probe-load.sh starts the servers and runs this.
 */
public final class ProbeLoad {

    private static final int MAX_SAMPLES = 1 << 21;

    private final long[] lateness = new long[MAX_SAMPLES];
    private final AtomicInteger samples = new AtomicInteger();
    private volatile boolean measuring;
    private final LongAdder healthy = new LongAdder();
    private final LongAdder unhealthy = new LongAdder();
    private final LongAdder neutral = new LongAdder();

    public static void main(String[] args) throws Exception {
        int[] ports = Arrays.stream(option(args, "--ports", "").split(",")).filter(s -> !s.isBlank()).mapToInt(Integer::parseInt).toArray();
        if (ports.length == 0) {
            System.err.println("usage: ProbeLoad --ports P1,P2,... [--probes 1000] [--interval-ms 1000] [--warmup 5] [--seconds 30]");
            System.exit(2);
        }
        int probes = Integer.parseInt(option(args, "--probes", "1000"));
        Duration interval = Duration.ofMillis(Long.parseLong(option(args, "--interval-ms", "1000")));
        int warmup = Integer.parseInt(option(args, "--warmup", "5"));
        int seconds = Integer.parseInt(option(args, "--seconds", "30"));
        new ProbeLoad().run(ports, probes, interval, warmup, seconds);
    }

    private void run(int[] ports, int probes, Duration interval, int warmup, int seconds) throws Exception {
        Consumer<ProbeReport> sink = report -> {
            if (!measuring) {
                return;
            }
            switch (report.outcome().verdict()) {
                case SUCCESS -> healthy.increment();
                case FAILURE -> unhealthy.increment();
                case NEUTRAL -> neutral.increment();
            }
        };
        try (DeadlineAlarms alarms = DeadlineAlarms.start(Ticker.system());
             ProbeScheduler scheduler = ProbeScheduler.running(Prober.standard(Ticker.system(),
                     SearchPath.of(System.getenv("PATH")), alarms, ProcessInspector.system()), Ticker.system(), this::record)) {
            for (int i = 0; i < probes; i++) {
                ProbeTarget target = new ProbeTarget.Http(new Endpoint.Tcp("127.0.0.1", ports[i % ports.length]), "GET", "/health",
                        "127.0.0.1", 200, 399, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
                // Spread the first rounds evenly over one interval, as services started at different times would be.
                Duration grace = interval.multipliedBy(i).dividedBy(probes);
                ProbeSpec spec = new ProbeSpec("p" + i, target, Optional.empty(), interval, Duration.ofMillis(500), grace,
                        3, 1, ProbeRole.LIVENESS, new SourceRef(Path.of("bench.toml"), 1, 1));
                scheduler.start("svc" + i, 1, List.of(spec), sink);
            }
            Thread.sleep(Duration.ofSeconds(warmup));
            long[] cpuBefore = cpuTicks();
            long wallBefore = System.nanoTime();
            measuring = true;
            Thread.sleep(Duration.ofSeconds(seconds));
            measuring = false;
            long[] cpuAfter = cpuTicks();
            long wallNanos = System.nanoTime() - wallBefore;
            report(probes, interval, seconds, (cpuAfter[0] - cpuBefore[0]) * 10_000_000L,
                    (cpuAfter[1] - cpuBefore[1]) * 10_000_000L, wallNanos);
        }
    }

    private void record(long latenessNanos) {
        if (measuring) {
            int index = samples.getAndIncrement();
            if (index < MAX_SAMPLES) {
                lateness[index] = latenessNanos;
            }
        }
    }

    private void report(int probes, Duration interval, int seconds, long userNanos, long systemNanos, long wallNanos) {
        long cpuNanos = userNanos + systemNanos;
        int n = Math.min(samples.get(), MAX_SAMPLES);
        long[] sorted = Arrays.copyOf(lateness, n);
        Arrays.sort(sorted);
        double cpuPercent = 100.0 * cpuNanos / wallNanos;
        System.out.printf(Locale.ROOT, "probes=%d interval=%dms window=%ds rounds=%d (%.0f/s) healthy=%d unhealthy=%d neutral=%d%n",
                probes, interval.toMillis(), seconds, n, n / (wallNanos / 1e9), healthy.sum(), unhealthy.sum(), neutral.sum());
        System.out.printf(Locale.ROOT, "cpu=%.1f%% of one core (user %.1f%% + system %.1f%% of the prober process, %d available cores)%n",
                cpuPercent, 100.0 * userNanos / wallNanos, 100.0 * systemNanos / wallNanos, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "lateness p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms%n",
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9), n == 0 ? 0 : sorted[n - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** {utime, stime} of this process, in clock ticks (USER_HZ = 100 on Linux). */
    private static long[] cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
