package dev.vigil.bench;

import dev.vigil.liveness.Heartbeat;
import dev.vigil.liveness.Liveness;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of {@link Heartbeat#beat()} on a loop's hot path, with the watchdog running and
 * sampling the same heartbeat (so the cache line is really shared). Aim: at most 2 ns/op, 0 B/op.
 *
 * <pre>java -jar bench/target/benchmarks.jar HeartbeatBench -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeartbeatBench {
    private Liveness liveness;
    private Heartbeat heartbeat;

    @Setup(Level.Trial)
    public void start() {
        liveness = Liveness.builder().port(-1).samplingPeriod(Duration.ofMillis(10)).start();
        heartbeat = liveness.heartbeat("bench", Duration.ofMinutes(10));
    }

    @TearDown(Level.Trial)
    public void stop() {
        liveness.close();
    }

    @Benchmark
    public void beat() {
        heartbeat.beat();
    }

    /** For scale: the clock read that beat() avoids. */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }
}
