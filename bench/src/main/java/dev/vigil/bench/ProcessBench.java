package dev.vigil.bench;

import dev.vigil.config.LogSpec;
import dev.vigil.config.NotifyAccess;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ProcessType;
import dev.vigil.config.UnixSignal;
import dev.vigil.process.ExitStatus;
import dev.vigil.process.LaunchRequest;
import dev.vigil.process.NativeProcessLauncher;
import dev.vigil.process.RunningProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Macro benchmarks of the process runner (not JMH: they time real processes end to end).
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar dev.vigil.bench.ProcessBench start [N] [ROUNDS]
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar dev.vigil.bench.ProcessBench capture [LINES] [ROUNDS]
 * </pre>
 * {@code start}: time to launch N {@code sleep} processes (each in its own session, its pipes and
 * pidfd watched by the capture loop), then to killAll them. {@code capture}: one {@code seq 1 LINES} child; MB/s
 * of child output captured into the rotating log, then every line is read back and checked for
 * loss and order.
 */
public final class ProcessBench {
    private ProcessBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "start";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        switch (mode) {
            case "start" -> {
                int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
                for (int r = 1; r <= rounds; r++) {
                    start(n, r);
                }
            }
            case "capture" -> {
                long lines = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000;
                for (int r = 1; r <= rounds; r++) {
                    capture(lines, r);
                }
            }
            default -> throw new IllegalArgumentException("mode must be start or capture, was " + mode);
        }
    }

    private static ProcessSpec spec(String name, List<String> command, LogSpec logs) {
        return new ProcessSpec(name, command, Map.of(), Optional.empty(), UnixSignal.TERM, Duration.ofSeconds(10),
                ProcessType.SIMPLE, Duration.ofSeconds(30), Optional.empty(), NotifyAccess.MAIN, false, logs);
    }

    private static void start(int n, int round) throws Exception {
        Path dir = Files.createTempDirectory("vigil-bench-start");
        List<RunningProcess> started = new ArrayList<>(n);
        try (NativeProcessLauncher launcher = new NativeProcessLauncher()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                started.add(launcher.launch(new LaunchRequest("bench", spec("sleep" + i, List.of("sleep", "1000"),
                        LogSpec.defaults()), Map.of(), dir)));
            }
            long launched = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            started.forEach(RunningProcess::killAll);
            for (RunningProcess p : started) {
                p.exit().get(60, TimeUnit.SECONDS);
            }
            long stopped = System.nanoTime() - t1;
            System.out.printf("start round %d: %d processes launched in %d ms (%.2f ms each); killAll + exit of all in %d ms%n",
                    round, n, launched / 1_000_000, launched / 1e6 / n, stopped / 1_000_000);
        } finally {
            started.forEach(RunningProcess::killAll);
            deleteTree(dir);
        }
    }

    private static void capture(long lines, int round) throws Exception {
        Path dir = Files.createTempDirectory("vigil-bench-capture");
        try (NativeProcessLauncher launcher = new NativeProcessLauncher()) {
            LogSpec logs = new LogSpec(256L * 1024 * 1024, 50, 1000);
            long t0 = System.nanoTime();
            RunningProcess p = launcher.launch(new LaunchRequest("bench",
                    spec("seq", List.of("seq", "1", Long.toString(lines)), logs), Map.of(), dir));
            ExitStatus status = p.exit().get(600, TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - t0;
            long childBytes = 0;
            for (long i = 1; i <= lines; i++) {
                childBytes += Long.toString(i).length() + 1;
            }
            long logBytes = 0;
            long next = 1;
            long malformed = 0;
            List<Path> files = new ArrayList<>();
            for (int i = logs.backups(); i >= 1; i--) {
                Path backup = dir.resolve("seq.log." + i);
                if (Files.exists(backup)) {
                    files.add(backup);
                }
            }
            files.add(dir.resolve("seq.log"));
            for (Path file : files) {
                logBytes += Files.size(file);
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                    for (String record = reader.readLine(); record != null; record = reader.readLine()) {
                        int at = record.indexOf(" out ");
                        if (at < 0 || !record.substring(at + 5).equals(Long.toString(next))) {
                            malformed++;
                        } else {
                            next++;
                        }
                    }
                }
            }
            long lost = lines - (next - 1);
            double seconds = elapsed / 1e9;
            System.out.printf("capture round %d: %s, %d lines, %.1f MB child output in %.2f s = %.1f MB/s"
                            + " (%.0f lines/s; %.1f MB of log written = %.1f MB/s); lost %d, out of order/malformed %d%n",
                    round, status, lines, childBytes / 1e6, seconds, childBytes / 1e6 / seconds, lines / seconds,
                    logBytes / 1e6, logBytes / 1e6 / seconds, lost, malformed);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
