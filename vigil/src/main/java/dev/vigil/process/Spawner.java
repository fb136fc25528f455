package dev.vigil.process;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a program with {@code posix_spawn(3)} in a new session (so it leads its own session and
 * process group), with stdin on /dev/null, stdout and stderr on two pipes, every other descriptor
 * closed and every signal at its default disposition and unblocked.
 *
 * <p>Spawning ourselves, instead of through {@link ProcessBuilder}, makes this JVM the parent that
 * the JDK knows nothing about, so {@link #reap} can reap the child with {@code waitid(2)} and
 * tell an exit code from a death by signal (the JDK folds both into one int: 137 = exit 137 or
 * SIGKILL). It also needs no {@code setsid} helper binary and no jspawnhelper per start.
 */
final class Spawner {
    private static final MemorySegment DEV_NULL = Arena.global().allocateFrom("/dev/null");

    private Spawner() {
    }

    /** A started child: its pid and the non-blocking read ends of its stdout and stderr pipes. */
    record Spawned(long pid, int stdoutFd, int stderrFd) {
    }

    /**
     * @param executable absolute path of the program (no PATH search happens here)
     * @param argv       the full argv, argv[0] included
     * @param env        the complete environment of the child
     * @param cwd        the working directory of the child
     * @throws LaunchException with the OS's reason when the program could not be started
     */
    static Spawned spawn(Path executable, List<String> argv, Map<String, String> env, Path cwd) throws LaunchException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment outPipe = pipe(arena);
            MemorySegment errPipe;
            try {
                errPipe = pipe(arena);
            } catch (LaunchException e) {
                closeBoth(outPipe);
                throw e;
            }
            MemorySegment attr = arena.allocate(Libc.SPAWN_ATTR_SIZE, 16);
            MemorySegment actions = arena.allocate(Libc.FILE_ACTIONS_SIZE, 16);
            Libc.attrInit(attr);
            Libc.actionsInit(actions);
            try {
                MemorySegment all = arena.allocate(Libc.SIGSET_SIZE, 8);
                MemorySegment none = arena.allocate(Libc.SIGSET_SIZE, 8);
                Libc.sigFillSet(all);
                Libc.sigEmptySet(none);
                // The JVM's own handlers are reset by exec anyway; this also clears signals the
                // daemon inherited as ignored (nohup) and any mask of the spawning thread.
                Libc.attrSetSigDefault(attr, all);
                Libc.attrSetSigMask(attr, none);
                Libc.attrSetFlags(attr, (short) (Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGDEF
                        | Libc.POSIX_SPAWN_SETSIGMASK));
                Libc.actionsAddOpen(actions, 0, DEV_NULL, Libc.O_RDONLY, 0);
                Libc.actionsAddDup2(actions, write(outPipe), 1);
                Libc.actionsAddDup2(actions, write(errPipe), 2);
                // The daemon's sockets, the SQLite file and the jar must not leak into services.
                Libc.actionsAddCloseFrom(actions, 3);
                Libc.actionsAddChdir(actions, arena.allocateFrom(cwd.toString()));

                MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                int result = Libc.posixSpawn(pid, arena.allocateFrom(executable.toString()), actions, attr,
                        cStrings(arena, argv), cStrings(arena, env.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
                Libc.close(write(outPipe));
                Libc.close(write(errPipe));
                if (result != 0) {
                    Libc.close(read(outPipe));
                    Libc.close(read(errPipe));
                    throw new LaunchException("cannot start " + executable + " in " + cwd + ": " + Libc.strerror(result));
                }
                long child = pid.get(ValueLayout.JAVA_INT, 0);
                try {
                    return new Spawned(child, nonBlocking(read(outPipe)), nonBlocking(read(errPipe)));
                } catch (LaunchException e) {
                    Libc.close(read(outPipe));
                    Libc.close(read(errPipe));
                    Signals.sendToGroup(child, 9);
                    reap(Libc.P_PID, child);
                    throw e;
                }
            } finally {
                Libc.actionsDestroy(actions);
                Libc.attrDestroy(attr);
            }
        }
    }

    /**
     * Reaps a child started by {@link #spawn} and says how it ended: {@code waitid(idType, id,
     * WEXITED)}, with {@code idType} {@link Libc#P_PID} (blocks until it exits) or
     * {@link Libc#P_PIDFD} ({@code id} a pidfd; never blocks: empty when it has not exited yet).
     */
    static Optional<ExitStatus> reap(int idType, long id) {
        int options = Libc.WEXITED | (idType == Libc.P_PIDFD ? Libc.WNOHANG : 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Libc.SIGINFO_SIZE, 8);   // zeroed: si_pid 0 = nothing reaped
            while (true) {
                if (Libc.waitid(idType, id, info, options) == 0) {
                    if (info.get(ValueLayout.JAVA_INT, Libc.SI_PID_OFFSET) == 0) {
                        return Optional.empty();
                    }
                    int code = info.get(ValueLayout.JAVA_INT, Libc.SI_CODE_OFFSET);
                    int status = info.get(ValueLayout.JAVA_INT, Libc.SI_STATUS_OFFSET);
                    return Optional.of(code == Libc.CLD_EXITED ? new ExitStatus.Exited(status) : new ExitStatus.Signaled(status));
                }
                int errno = Libc.errno();
                if (errno != Libc.EINTR) {
                    throw new IllegalStateException("waitid(" + (idType == Libc.P_PIDFD ? "pidfd " : "pid ") + id
                            + ") failed: " + Libc.strerror(errno));
                }
            }
        }
    }

    private static MemorySegment pipe(Arena arena) throws LaunchException {
        MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) {
            throw new LaunchException("cannot create a pipe for the output: " + Libc.strerror(Libc.errno()));
        }
        return fds;
    }

    private static int read(MemorySegment pipe) {
        return pipe.getAtIndex(ValueLayout.JAVA_INT, 0);
    }

    private static int write(MemorySegment pipe) {
        return pipe.getAtIndex(ValueLayout.JAVA_INT, 1);
    }

    private static void closeBoth(MemorySegment pipe) {
        Libc.close(read(pipe));
        Libc.close(write(pipe));
    }

    /**
     * Makes our read end non-blocking for the {@link CaptureLoop}. O_NONBLOCK belongs to the open
     * file description, and the child's write end is a different one, so the child still blocks
     * on a full pipe as programs expect.
     */
    private static int nonBlocking(int fd) throws LaunchException {
        if (Libc.setNonBlocking(fd) != 0) {
            throw new LaunchException("cannot make the output pipe " + fd + " non-blocking: " + Libc.strerror(Libc.errno()));
        }
        return fd;
    }

    private static MemorySegment cStrings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }
}
