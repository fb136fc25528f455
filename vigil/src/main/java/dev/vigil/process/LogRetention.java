package dev.vigil.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code log_retention}: in {@code logRoot/SERVICE/}, deletes rotated logs ({@code P.log.N}) last
 * written longer ago than the retention, and for a service no longer in the config every log file
 * so old, then its directory once empty. The current {@code P.log} of a configured service is
 * never deleted (it is open and bounded by {@code log_max_bytes}). Only regular files named like
 * Vigil's logs are touched; symlinks and anything else are left alone.
 *
 * <p>Runs on its own daemon thread ({@link #start}), never on the supervisor's: a slow or huge log
 * directory delays nothing else. A sweep is bounded by {@link #MAX_ENTRIES} directory entries.
 */
public final class LogRetention implements AutoCloseable {
    static final int MAX_ENTRIES = 100_000;
    private static final Pattern CURRENT = Pattern.compile("[^/]+\\.log");
    private static final Pattern ROTATED = Pattern.compile("[^/]+\\.log\\.\\d{1,3}");

    /** What one sweep removed, and the first problem it met (it goes on after a problem). */
    public record Sweep(int files, int directories, Optional<String> problem) {}

    /** What to keep: the configured services and the retention; an empty retention keeps everything. */
    public record Policy(Set<String> services, Optional<Duration> retention) {
        public Policy {
            services = Set.copyOf(services);
        }
    }

    private volatile boolean closed;
    private Thread thread;

    private LogRetention() {
    }

    /** One sweep at {@code now}. Never throws for I/O: problems are counted into the result. */
    public static Sweep sweep(Path logRoot, Policy policy, Instant now) {
        if (policy.retention().isEmpty() || !Files.isDirectory(logRoot, LinkOption.NOFOLLOW_LINKS)) {
            return new Sweep(0, 0, Optional.empty());
        }
        Instant cutoff = now.minus(policy.retention().get());
        Counter c = new Counter();
        try (DirectoryStream<Path> services = Files.newDirectoryStream(logRoot)) {
            for (Path dir : services) {
                if (c.entries++ >= MAX_ENTRIES || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                boolean configured = policy.services().contains(dir.getFileName().toString());
                sweepService(dir, configured, cutoff, c);
                if (!configured) {
                    try {
                        if (Files.deleteIfExists(dir)) {
                            c.directories++;
                        }
                    } catch (IOException e) {
                        // DirectoryNotEmpty: a log still younger than the retention, or a stranger's file.
                    }
                }
            }
        } catch (IOException e) {
            c.problem(logRoot + ": " + e.getMessage());
        }
        return new Sweep(c.files, c.directories, Optional.ofNullable(c.problem));
    }

    private static void sweepService(Path dir, boolean configured, Instant cutoff, Counter c) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (c.entries++ >= MAX_ENTRIES) {
                    return;
                }
                String name = file.getFileName().toString();
                boolean ours = ROTATED.matcher(name).matches() || (!configured && CURRENT.matcher(name).matches());
                if (!ours || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                        Files.delete(file);
                        c.files++;
                    }
                } catch (IOException e) {
                    c.problem(file + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            c.problem(dir + ": " + e.getMessage());
        }
    }

    /**
     * Sweeps {@code first} after the start and then every {@code every} on a daemon thread named
     * {@code vigil-log-retention}, with the policy of the moment (the config may be reloaded).
     */
    public static LogRetention start(Path logRoot, Supplier<Policy> policy, InstantSource clock, Duration first,
            Duration every, Consumer<Sweep> swept) {
        LogRetention retention = new LogRetention();
        retention.thread = Thread.ofPlatform().name("vigil-log-retention").daemon(true).start(() -> {
            LockSupport.parkNanos(first.toNanos());
            while (!retention.closed) {
                try {
                    Sweep sweep = sweep(logRoot, policy.get(), clock.instant());
                    if (sweep.files() > 0 || sweep.directories() > 0 || sweep.problem().isPresent()) {
                        swept.accept(sweep);
                    }
                } catch (RuntimeException e) {
                    swept.accept(new Sweep(0, 0, Optional.of(e.toString())));
                }
                LockSupport.parkNanos(every.toNanos());
            }
        });
        return retention;
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    private static final class Counter {
        int entries;
        int files;
        int directories;
        String problem;

        void problem(String text) {
            if (problem == null) {
                problem = text;
            }
        }
    }
}
