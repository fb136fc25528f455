import dev.vigil.process.ProcessInspector;
import java.util.Arrays;

/**
 * Times the scan a token sweep does per pass: read every process's environment under /proc and
 * keep those carrying VIGIL_INSTANCE=TOKEN (here a token nothing carries, so the sweep finds
 * nothing and stops after one pass: the common case after a clean exit). Prints the process count
 * and min / median / max over RUNS scans, after WARMUP untimed ones. Run by bench/sweep-5000.sh.
 */
public final class SweepTiming {
    public static void main(String[] args) {
        int runs = Integer.parseInt(args.length > 0 ? args[0] : "7");
        int warmup = Integer.parseInt(args.length > 1 ? args[1] : "2");
        ProcessInspector inspector = ProcessInspector.system();
        String token = "bench-no-such-token";
        for (int i = 0; i < warmup; i++) {
            inspector.processesWithEnvironmentEntry("VIGIL_INSTANCE", token);
        }
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            int found = inspector.processesWithEnvironmentEntry("VIGIL_INSTANCE", token).size();
            ms[i] = (System.nanoTime() - start) / 1_000_000;
            if (found != 0) {
                throw new IllegalStateException("found " + found + " processes with the bench token");
            }
        }
        Arrays.sort(ms);
        System.out.printf("processes=%d runs=%d min_ms=%d median_ms=%d max_ms=%d%n",
                inspector.pids().size(), runs, ms[0], ms[runs / 2], ms[runs - 1]);
    }
}
