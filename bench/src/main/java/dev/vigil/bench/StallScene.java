package dev.vigil.bench;

import dev.vigil.liveness.Heartbeat;
import dev.vigil.liveness.Liveness;
import dev.vigil.liveness.SchedulingPriority;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The saturated render server of issue 17, as a program: the main thread beats a heartbeat
 * (budget 1 s) every 10 ms, then spins {@code --stall} without beating, then beats again; from the
 * start, {@code --spinners} more threads spin and allocate 4 KiB arrays (keeping the last 1,024
 * each alive, so the collector has work). Prints {@code port=N} once listening and
 * {@code stall-begin-epoch-ms=T} as the stall begins; bench/liveness-saturation.sh polls /livez from
 * another process and computes the red delay from T.
 *
 * <p>Usage: {@code StallScene [--priority unchanged|nice:-10|rr:10|fifo:10] [--stall-at 3s]
 * [--stall 5s] [--duration 60s] [--spinners 3] [--budget 1s] [--sampling 250ms]}
 */
public final class StallScene {
    private static volatile boolean running = true;
    private static volatile Object sink;

    public static void main(String[] args) {
        SchedulingPriority priority = priority(option(args, "--priority", "unchanged"));
        Duration stallAt = Duration.parse("PT" + option(args, "--stall-at", "3s"));
        Duration stall = Duration.parse("PT" + option(args, "--stall", "5s"));
        // A bound only: the script kills the scene once its poller is done.
        Duration duration = Duration.parse("PT" + option(args, "--duration", "60s"));
        int spinners = Integer.parseInt(option(args, "--spinners", "3"));
        Duration budget = Duration.parse("PT" + option(args, "--budget", "1s"));
        Duration sampling = Duration.parse("PT" + option(args, "--sampling", "0.25s"));
        try (Liveness liveness = Liveness.builder().port(0).bindAddress(InetAddress.getLoopbackAddress())
                .samplingPeriod(sampling).schedulingPriority(priority).start()) {
            Heartbeat render = liveness.heartbeat("render", budget);
            liveness.ready();
            for (int i = 0; i < spinners; i++) {
                Thread.ofPlatform().daemon().name("allocator-" + i).start(StallScene::allocate);
            }
            System.out.println("port=" + liveness.port());
            long start = System.nanoTime();
            beatUntil(render, start + stallAt.toNanos());
            System.out.println("stall-begin-epoch-ms=" + System.currentTimeMillis());
            spinUntil(System.nanoTime() + stall.toNanos());
            System.out.println("stall-end-epoch-ms=" + System.currentTimeMillis());
            render.beat();
            beatUntil(render, start + duration.toNanos());
            running = false;
        }
    }

    private static void beatUntil(Heartbeat heartbeat, long untilNanos) {
        while (System.nanoTime() - untilNanos < 0) {
            heartbeat.beat();
            LockSupport.parkNanos(10_000_000L);
        }
    }

    private static void spinUntil(long untilNanos) {
        long x = 0;
        while (System.nanoTime() - untilNanos < 0) {
            x += System.nanoTime() & 1;
        }
        sink = x;
    }

    private static void allocate() {
        byte[][] live = new byte[1024][];
        int i = 0;
        while (running) {
            byte[] chunk = new byte[4096];
            chunk[i & 4095] = (byte) i;
            live[i++ & 1023] = chunk;
        }
        sink = live;
    }

    static SchedulingPriority priority(String spec) {
        String[] parts = spec.split(":");
        return switch (parts[0]) {
            case "unchanged" -> SchedulingPriority.unchanged();
            case "nice" -> SchedulingPriority.nice(Integer.parseInt(parts[1]));
            case "rr" -> SchedulingPriority.realtime(SchedulingPriority.RealtimePolicy.RR, Integer.parseInt(parts[1]), -10);
            case "fifo" -> SchedulingPriority.realtime(SchedulingPriority.RealtimePolicy.FIFO, Integer.parseInt(parts[1]), -10);
            default -> throw new IllegalArgumentException("--priority: unchanged, nice:N, rr:N or fifo:N, was " + spec);
        };
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
