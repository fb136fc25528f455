package dev.vigil.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what the kernel says about processes from {@code /proc}: state, wait channel, parent,
 * group, start time, and whether a process carries a given environment entry.
 *
 * <p>Every read is a snapshot that may be stale the moment it returns; a process that has gone
 * yields {@code Optional.empty()} / {@code false}, never an exception. Thread-safe, stateless.
 */
public final class ProcessInspector {
    private final Path proc;

    /** @param procRoot where procfs is mounted (tests may point elsewhere) */
    public ProcessInspector(Path procRoot) {
        this.proc = procRoot;
    }

    /**
     * An inspector of this machine's {@code /proc}: built by the composition root (and tests) and
     * passed down, never looked up where it is used.
     */
    public static ProcessInspector system() {
        return new ProcessInspector(Path.of("/proc"));
    }

    /** The stat fields of {@code pid}, or empty when there is no such process. */
    public Optional<ProcStat> stat(long pid) {
        return readString(proc.resolve(Long.toString(pid)).resolve("stat")).map(s -> ProcStat.parse(s.strip()));
    }

    /**
     * The kernel function {@code pid} sleeps in ({@code /proc/PID/wchan}), e.g. {@code do_epoll_wait}
     * or {@code pipe_write}; empty when running, gone, or hidden by the kernel ("0").
     */
    public Optional<String> wchan(long pid) {
        return readString(proc.resolve(Long.toString(pid)).resolve("wchan"))
                .map(String::strip)
                .filter(w -> !w.isEmpty() && !w.equals("0"));
    }

    /**
     * True when {@code pid} is alive (not a zombie) and is the very process that started at
     * {@code startTicks}, not a later one that reused the pid.
     */
    public boolean isSameProcess(long pid, long startTicks) {
        return stat(pid).filter(s -> !s.exited() && s.startTicks() == startTicks).isPresent();
    }

    /**
     * True when the initial environment of {@code pid} holds exactly {@code name=value}. Only
     * processes of the same user are readable; for others this is {@code false}.
     */
    public boolean hasEnvironmentEntry(long pid, String name, String value) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | SecurityException e) {
            return false;
        }
        byte[] wanted = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == wanted.length && java.util.Arrays.equals(environ, start, i, wanted, 0, wanted.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /**
     * The values of the {@code names} present in the initial environment of {@code pid} (empty
     * for a zombie, a process gone, or another user's).
     */
    public java.util.Map<String, String> environmentEntries(long pid, java.util.Set<String> names) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | SecurityException e) {
            return java.util.Map.of();
        }
        java.util.Map<String, String> found = new java.util.HashMap<>();
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                String entry = new String(environ, start, i - start, StandardCharsets.UTF_8);
                int eq = entry.indexOf('=');
                if (eq > 0 && names.contains(entry.substring(0, eq))) {
                    found.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
                start = i + 1;
            }
        }
        return found;
    }

    /**
     * The children of this JVM, from {@code /proc/self/task/TID/children} of every thread (a
     * child, adopted ones included, hangs off one of our threads). A snapshot: children that come
     * or go meanwhile may be missed, which the next call sees.
     */
    public java.util.Set<Long> ownChildren() {
        java.util.Set<Long> children = new java.util.HashSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("self").resolve("task"))) {
            for (Path task : tasks) {
                readString(task.resolve("children")).ifPresent(text -> {
                    for (String pid : text.trim().split("\\s+")) {
                        if (!pid.isEmpty()) {
                            children.add(Long.parseLong(pid));
                        }
                    }
                });
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + proc.resolve("self/task") + ": " + e.getMessage(), e);
        }
        return children;
    }

    /** Every pid under /proc at the moment of the call. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    pids.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + proc + ": " + e.getMessage(), e);
        }
        return pids;
    }

    /** Live (non-zombie) processes whose environment holds {@code name=value}. */
    public List<Long> processesWithEnvironmentEntry(String name, String value) {
        List<Long> found = new ArrayList<>();
        for (long pid : pids()) {
            if (hasEnvironmentEntry(pid, name, value) && stat(pid).filter(s -> !s.exited()).isPresent()) {
                found.add(pid);
            }
        }
        return found;
    }

    private static Optional<String> readString(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
