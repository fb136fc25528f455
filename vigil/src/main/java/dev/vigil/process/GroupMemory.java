package dev.vigil.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The resident memory of a process Vigil started, with everything it started: its own cgroup's
 * {@code memory.current} when it has a cgroup (exact, and counted as {@code memory_max} counts,
 * page cache included), else the sum of {@code VmRSS} over every live process of its process
 * group or its session, read from {@code /proc} (pages shared between them are counted once per
 * process, as {@code ps} and pm2 count them; a descendant that left both group and session is
 * not counted).
 *
 * <p>Stateless and thread-safe. Blocking (reads one file per process on the machine): call it
 * from a probe thread, never from the supervisor's thread.
 */
public final class GroupMemory {

    private static final GroupMemory SYSTEM = new GroupMemory(Path.of("/proc"));

    /**
     * @param bytes     resident bytes
     * @param processes how many processes were summed (0 for a cgroup: the kernel sums)
     * @param scope     what was measured, for people
     */
    public record Reading(long bytes, int processes, String scope) {}

    private final ProcessInspector inspector;
    private final Path proc;

    /** @param procRoot where procfs is mounted (tests point at a directory of their own) */
    public GroupMemory(Path procRoot) {
        this.proc = procRoot;
        this.inspector = new ProcessInspector(procRoot);
    }

    public static GroupMemory system() {
        return SYSTEM;
    }

    /**
     * Measures {@code process}.
     *
     * @throws IOException when no reading can be taken: the group has no live process left, the
     *                     cgroup or /proc cannot be read; the message says which
     */
    public Reading of(RunningProcess process) throws IOException {
        Optional<Path> cgroup = process.cgroup();
        return cgroup.isPresent() ? ofCgroup(cgroup.get()) : ofGroup(process.pgid());
    }

    /** {@code memory.current} of the cgroup {@code dir}. */
    public Reading ofCgroup(Path dir) throws IOException {
        String text = Cgroups.read(dir.resolve("memory.current")).strip();
        try {
            return new Reading(Long.parseLong(text), 0, "cgroup " + dir.getFileName());
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve("memory.current") + " holds " + abbreviate(text) + ", not a number of bytes");
        }
    }

    /**
     * The sum of {@code VmRSS} over the live processes whose process group or session is
     * {@code pgid} (Vigil's processes lead their own session, so pid = pgid = sid).
     */
    public Reading ofGroup(long pgid) throws IOException {
        long bytes = 0;
        int count = 0;
        for (long pid : listPids()) {
            Optional<ProcStat> stat = statOf(pid);
            if (stat.isEmpty() || stat.get().exited() || (stat.get().pgrp() != pgid && stat.get().session() != pgid)) {
                continue;
            }
            Optional<Long> rss = rssOf(pid);
            if (rss.isPresent()) {
                bytes += rss.get();
                count++;
            }
        }
        if (count == 0) {
            throw new IOException("no live process is left in group " + pgid);
        }
        return new Reading(bytes, count, "group " + pgid + ", " + count + (count == 1 ? " process" : " processes"));
    }

    private java.util.List<Long> listPids() throws IOException {
        try {
            return inspector.pids();
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Empty when the process has gone, or its stat line is not one (it went while being read). */
    private Optional<ProcStat> statOf(long pid) {
        try {
            return inspector.stat(pid);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code VmRSS} of {@code /proc/PID/status} in bytes; empty for a process gone or without memory (a zombie). */
    private Optional<Long> rssOf(long pid) {
        String status;
        try {
            status = Files.readString(proc.resolve(Long.toString(pid)).resolve("status"), StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return Optional.empty();   // gone meanwhile, or not ours to read
        }
        return status.lines().filter(l -> l.startsWith("VmRSS:")).findFirst().flatMap(GroupMemory::kibibytes);
    }

    /** "VmRSS:\t  123456 kB" to bytes. */
    static Optional<Long> kibibytes(String line) {
        String[] fields = line.substring("VmRSS:".length()).strip().split("\\s+");
        if (fields.length != 2 || !fields[1].equals("kB")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(fields[0]) * 1024);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? "\"" + text + "\"" : "\"" + text.substring(0, 40) + "...\"";
    }
}
