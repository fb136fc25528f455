package dev.vigil.bench;

import dev.vigil.process.GroupMemory;
import java.util.Arrays;

/**
 * What one {@code restart_on_memory} check costs: {@link GroupMemory#ofGroup} (one
 * {@code /proc/PID/stat} read per process on the machine, one {@code /proc/PID/status} read per
 * member) over a real two-process group, timed end to end (not JMH: it is file I/O on a live /proc).
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.vigil.bench.GroupMemoryBench [PASSES]
 * </pre>
 */
public final class GroupMemoryBench {
    private GroupMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Process leader = new ProcessBuilder("setsid", "/bin/sh", "-c", "sleep 300 & exec sleep 300").start();
        try {
            GroupMemory memory = GroupMemory.system();
            long pgid = leader.pid();
            GroupMemory.Reading reading = null;
            for (int i = 0; i < 1000 && (reading == null || reading.processes() < 2); i++) {
                Thread.sleep(10);   // a benchmark's set-up, not a test: wait for sh to fork and exec
                try {
                    reading = memory.ofGroup(pgid);
                } catch (java.io.IOException notYet) {
                    reading = null;
                }
            }
            for (int i = 0; i < 20; i++) {
                memory.ofGroup(pgid);   // warm-up
            }
            long[] micros = new long[passes];
            for (int i = 0; i < passes; i++) {
                long start = System.nanoTime();
                reading = memory.ofGroup(pgid);
                micros[i] = (System.nanoTime() - start) / 1000;
            }
            Arrays.sort(micros);
            int processes = dev.vigil.process.ProcessInspector.system().pids().size();
            System.out.printf("processes on the machine: %d; group: %s, %d KiB%n", processes, reading.scope(),
                    reading.bytes() / 1024);
            System.out.printf("one check over %d passes: median %d us, p90 %d us, max %d us%n", passes,
                    micros[passes / 2], micros[passes * 9 / 10], micros[passes - 1]);
        } finally {
            new ProcessBuilder("kill", "-KILL", "--", "-" + leader.pid()).start().waitFor();
        }
    }
}
