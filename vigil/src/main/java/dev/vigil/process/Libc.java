package dev.vigil.process;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the launcher needs, bound once through the FFM API (Linux x86_64/aarch64,
 * glibc 2.34 or newer for {@code posix_spawn_file_actions_addclosefrom_np}).
 *
 * <p>Every call that can fail returns the raw result; {@link #errno()} reads the errno captured by
 * the last call on this thread. Calling through FFM keeps a signal or a spawn free of any helper
 * process.
 */
final class Libc {
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int ECHILD = 10;
    static final int EAGAIN = 11;
    static final int ENOSYS = 38;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int O_NONBLOCK = 0x800;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int P_ALL = 0;
    static final int P_PID = 1;
    static final int P_PIDFD = 3;
    static final int WNOHANG = 1;
    static final int WEXITED = 4;
    static final int WNOWAIT = 0x01000000;
    static final int CLD_EXITED = 1;
    static final int CLD_KILLED = 2;
    static final int CLD_DUMPED = 3;
    static final int PR_SET_CHILD_SUBREAPER = 36;
    static final int PR_GET_CHILD_SUBREAPER = 37;
    /** glibc flag values from spawn.h. */
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    static final short POSIX_SPAWN_SETSID = 0x80;
    /** Opaque glibc types; generously sized, the library initialises them. */
    static final long SPAWN_ATTR_SIZE = 512;
    static final long FILE_ACTIONS_SIZE = 256;
    static final long SIGSET_SIZE = 128;
    static final long SIGINFO_SIZE = 128;
    /** siginfo_t for SIGCHLD: si_code at 8, si_pid at 16, si_status at 24. */
    static final long SI_CODE_OFFSET = 8;
    static final long SI_PID_OFFSET = 16;
    static final long SI_STATUS_OFFSET = 24;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURED =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;

    private static final MethodHandle KILL = bind("kill", FunctionDescriptor.of(INT, INT, INT), true);
    private static final MethodHandle PIPE2 = bind("pipe2", FunctionDescriptor.of(INT, ADDR, INT), true);
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(INT, INT), true);
    private static final MethodHandle WAITID =
            bind("waitid", FunctionDescriptor.of(INT, INT, INT, ADDR, INT), true);
    private static final MethodHandle SPAWN =
            bind("posix_spawn", FunctionDescriptor.of(INT, ADDR, ADDR, ADDR, ADDR, ADDR, ADDR), false);
    private static final MethodHandle ATTR_INIT = bind("posix_spawnattr_init", FunctionDescriptor.of(INT, ADDR), false);
    private static final MethodHandle ATTR_DESTROY =
            bind("posix_spawnattr_destroy", FunctionDescriptor.of(INT, ADDR), false);
    private static final MethodHandle ATTR_SETFLAGS = bind("posix_spawnattr_setflags",
            FunctionDescriptor.of(INT, ADDR, ValueLayout.JAVA_SHORT), false);
    private static final MethodHandle ATTR_SETSIGDEFAULT =
            bind("posix_spawnattr_setsigdefault", FunctionDescriptor.of(INT, ADDR, ADDR), false);
    private static final MethodHandle ATTR_SETSIGMASK =
            bind("posix_spawnattr_setsigmask", FunctionDescriptor.of(INT, ADDR, ADDR), false);
    private static final MethodHandle SIGFILLSET = bind("sigfillset", FunctionDescriptor.of(INT, ADDR), false);
    private static final MethodHandle SIGEMPTYSET = bind("sigemptyset", FunctionDescriptor.of(INT, ADDR), false);
    private static final MethodHandle FA_INIT =
            bind("posix_spawn_file_actions_init", FunctionDescriptor.of(INT, ADDR), false);
    private static final MethodHandle FA_DESTROY =
            bind("posix_spawn_file_actions_destroy", FunctionDescriptor.of(INT, ADDR), false);
    private static final MethodHandle FA_ADDDUP2 =
            bind("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(INT, ADDR, INT, INT), false);
    private static final MethodHandle FA_ADDOPEN = bind("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(INT, ADDR, INT, ADDR, INT, INT), false);
    private static final MethodHandle FA_ADDCHDIR =
            bind("posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(INT, ADDR, ADDR), false);
    private static final MethodHandle FA_ADDCLOSEFROM =
            bind("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(INT, ADDR, INT), false);
    private static final MethodHandle READ =
            bind("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG, INT, ADDR, ValueLayout.JAVA_LONG), true);
    /** fcntl is variadic: the third argument is declared as such. */
    private static final MethodHandle FCNTL = LINKER.downcallHandle(LINKER.defaultLookup().find("fcntl").orElseThrow(),
            FunctionDescriptor.of(INT, INT, INT, INT), Linker.Option.firstVariadicArg(2),
            Linker.Option.captureCallState("errno"));
    /** prctl is variadic: everything after the option is declared as such. */
    private static final MethodHandle PRCTL = LINKER.downcallHandle(LINKER.defaultLookup().find("prctl").orElseThrow(),
            FunctionDescriptor.of(INT, INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    /** glibc 2.36+ exports it; older ones make the launcher fall back to a waiter thread per process. */
    private static final MethodHandle PIDFD_OPEN = LINKER.defaultLookup().find("pidfd_open")
            .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(INT, INT, INT),
                    Linker.Option.captureCallState("errno")))
            .orElse(null);

    private Libc() {
    }

    static MethodHandle bind(String name, FunctionDescriptor descriptor, boolean capturesErrno) {
        return dev.vigil.ffi.NativeLibc.bind(name, descriptor, capturesErrno);
    }

    /** errno as captured by the last errno-capturing call on this thread. */
    static int errno() {
        return (int) ERRNO.get(CAPTURED.get(), 0L);
    }

    /** Where errno-capturing calls of this thread store errno (first argument of such handles). */
    static MemorySegment captureState() {
        return CAPTURED.get();
    }

    static String strerror(int errno) {
        return dev.vigil.ffi.NativeLibc.strerror(errno);
    }

    static int kill(long pid, int signal) {
        try {
            return (int) KILL.invokeExact(CAPTURED.get(), (int) pid, signal);
        } catch (Throwable t) {
            throw new IllegalStateException("kill(2) failed to run", t);
        }
    }

    static int pipe2(MemorySegment fds, int flags) {
        return callInt(PIPE2, fds, flags);
    }

    static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(CAPTURED.get(), fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close(2) failed to run", t);
        }
    }

    static int waitid(int idType, long id, MemorySegment info, int options) {
        try {
            return (int) WAITID.invokeExact(CAPTURED.get(), idType, (int) id, info, options);
        } catch (Throwable t) {
            throw new IllegalStateException("waitid(2) failed to run", t);
        }
    }

    /** prctl(2) with one argument (the others zero): the result, or -1 with {@link #errno()}. */
    static int prctl(int option, long argument) {
        try {
            return (int) PRCTL.invokeExact(CAPTURED.get(), option, argument, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("prctl(2) failed to run", t);
        }
    }

    /** read(2): bytes read, 0 at end of file, -1 with {@link #errno()} (EAGAIN when non-blocking and empty). */
    static long read(int fd, MemorySegment buffer, long count) {
        try {
            return (long) READ.invokeExact(CAPTURED.get(), fd, buffer, count);
        } catch (Throwable t) {
            throw new IllegalStateException("read(2) failed to run", t);
        }
    }

    /** Adds O_NONBLOCK to the open file description of {@code fd}. @return 0, or -1 with errno */
    static int setNonBlocking(int fd) {
        try {
            int flags = (int) FCNTL.invokeExact(CAPTURED.get(), fd, F_GETFL, 0);
            if (flags < 0) {
                return -1;
            }
            return (int) FCNTL.invokeExact(CAPTURED.get(), fd, F_SETFL, flags | O_NONBLOCK);
        } catch (Throwable t) {
            throw new IllegalStateException("fcntl(2) failed to run", t);
        }
    }

    /**
     * pidfd_open(2) (Linux 5.3+): a descriptor that becomes readable when the process exits.
     * @return the descriptor, or -1 with {@link #errno()} ({@link #ENOSYS} when libc or the kernel lacks it)
     */
    static int pidfdOpen(long pid) {
        if (PIDFD_OPEN == null) {
            ERRNO.set(CAPTURED.get(), 0L, ENOSYS);
            return -1;
        }
        try {
            return (int) PIDFD_OPEN.invokeExact(CAPTURED.get(), (int) pid, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("pidfd_open(2) failed to run", t);
        }
    }

    static int posixSpawn(MemorySegment pid, MemorySegment path, MemorySegment actions, MemorySegment attr,
            MemorySegment argv, MemorySegment envp) {
        try {
            return (int) SPAWN.invokeExact(pid, path, actions, attr, argv, envp);
        } catch (Throwable t) {
            throw new IllegalStateException("posix_spawn failed to run", t);
        }
    }

    static void attrInit(MemorySegment attr) {
        check("posix_spawnattr_init", call(ATTR_INIT, attr));
    }

    static void attrDestroy(MemorySegment attr) {
        call(ATTR_DESTROY, attr);
    }

    static void attrSetFlags(MemorySegment attr, short flags) {
        try {
            check("posix_spawnattr_setflags", (int) ATTR_SETFLAGS.invokeExact(attr, flags));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void attrSetSigDefault(MemorySegment attr, MemorySegment sigset) {
        check("posix_spawnattr_setsigdefault", call(ATTR_SETSIGDEFAULT, attr, sigset));
    }

    static void attrSetSigMask(MemorySegment attr, MemorySegment sigset) {
        check("posix_spawnattr_setsigmask", call(ATTR_SETSIGMASK, attr, sigset));
    }

    static void sigFillSet(MemorySegment sigset) {
        check("sigfillset", call(SIGFILLSET, sigset));
    }

    static void sigEmptySet(MemorySegment sigset) {
        check("sigemptyset", call(SIGEMPTYSET, sigset));
    }

    static void actionsInit(MemorySegment actions) {
        check("posix_spawn_file_actions_init", call(FA_INIT, actions));
    }

    static void actionsDestroy(MemorySegment actions) {
        call(FA_DESTROY, actions);
    }

    static void actionsAddDup2(MemorySegment actions, int fd, int newFd) {
        try {
            check("posix_spawn_file_actions_adddup2", (int) FA_ADDDUP2.invokeExact(actions, fd, newFd));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void actionsAddOpen(MemorySegment actions, int fd, MemorySegment path, int flags, int mode) {
        try {
            check("posix_spawn_file_actions_addopen", (int) FA_ADDOPEN.invokeExact(actions, fd, path, flags, mode));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void actionsAddChdir(MemorySegment actions, MemorySegment path) {
        check("posix_spawn_file_actions_addchdir_np", call(FA_ADDCHDIR, actions, path));
    }

    static void actionsAddCloseFrom(MemorySegment actions, int lowFd) {
        try {
            check("posix_spawn_file_actions_addclosefrom_np", (int) FA_ADDCLOSEFROM.invokeExact(actions, lowFd));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int call(MethodHandle handle, MemorySegment a) {
        try {
            return (int) handle.invokeExact(a);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int call(MethodHandle handle, MemorySegment a, MemorySegment b) {
        try {
            return (int) handle.invokeExact(a, b);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int callInt(MethodHandle handle, MemorySegment a, int b) {
        try {
            return (int) handle.invokeExact(CAPTURED.get(), a, b);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The posix_spawn family returns an error number instead of setting errno. */
    private static void check(String function, int result) {
        if (result != 0) {
            throw new IllegalStateException(function + " failed: " + strerror(result));
        }
    }
}
