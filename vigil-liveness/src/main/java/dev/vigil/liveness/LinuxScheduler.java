package dev.vigil.liveness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link SchedulerCalls} on Linux through FFM. On Linux every thread is a task with its own nice
 * value and policy, so {@code setpriority(PRIO_PROCESS, tid)} changes one thread, not the process.
 */
final class LinuxScheduler implements SchedulerCalls {
    private static final int PRIO_PROCESS = 0;
    private static final int RLIMIT_NICE = 13;
    private static final int RLIMIT_RTPRIO = 14;
    /** Threads started by a raised thread begin with normal scheduling again. */
    private static final int SCHED_RESET_ON_FORK = 0x40000000;

    private final MethodHandle gettid;
    private final MethodHandle setpriority;
    private final MethodHandle schedSetscheduler;
    private final MethodHandle getrlimit;

    private LinuxScheduler() {
        gettid = Native.plain("gettid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
        setpriority = Native.withErrno("setpriority", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        schedSetscheduler = Native.withErrno("sched_setscheduler", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        getrlimit = Native.withErrno("getrlimit", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    }

    /**
     * @throws UnsupportedOperationException off Linux
     * @throws IllegalCallerException        if native access is not granted to this module
     */
    static SchedulerCalls open() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            throw new UnsupportedOperationException("per-thread priorities are implemented for Linux only");
        }
        try {
            return new LinuxScheduler();
        } catch (IllegalCallerException e) {
            throw new IllegalCallerException("native access denied (grant --enable-native-access=dev.vigil.liveness or ALL-UNNAMED)", e);
        }
    }

    @Override
    public int currentTid() {
        try {
            return (int) gettid.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("gettid", e);
        }
    }

    @Override
    public int setNice(int tid, int nice) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Native.errnoSegment(arena);
            int rc = (int) setpriority.invokeExact(errno, PRIO_PROCESS, tid, nice);
            return rc == 0 ? 0 : Native.errno(errno);
        } catch (Throwable e) {
            throw new IllegalStateException("setpriority", e);
        }
    }

    @Override
    public int setPolicy(int tid, int policy, int priority) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Native.errnoSegment(arena);
            MemorySegment param = arena.allocate(ValueLayout.JAVA_INT);
            param.set(ValueLayout.JAVA_INT, 0, priority);
            int rc = (int) schedSetscheduler.invokeExact(errno, tid, policy | SCHED_RESET_ON_FORK, param);
            return rc == 0 ? 0 : Native.errno(errno);
        } catch (Throwable e) {
            throw new IllegalStateException("sched_setscheduler", e);
        }
    }

    @Override
    public long niceLimit() {
        return softLimit(RLIMIT_NICE);
    }

    @Override
    public long realtimeLimit() {
        return softLimit(RLIMIT_RTPRIO);
    }

    private long softLimit(int resource) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Native.errnoSegment(arena);
            MemorySegment limits = arena.allocate(ValueLayout.JAVA_LONG, 2); // struct rlimit { cur, max }
            int rc = (int) getrlimit.invokeExact(errno, resource, limits);
            return rc == 0 ? limits.get(ValueLayout.JAVA_LONG, 0) : 0;
        } catch (Throwable e) {
            throw new IllegalStateException("getrlimit", e);
        }
    }

    /** Reads the task's stat line: unlike getpriority(), it cannot confuse nice -1 with an error. */
    @Override
    public Observed observe(int tid) {
        try {
            return parseStat(Files.readString(Path.of("/proc/self/task/" + tid + "/stat")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fields of proc(5) {@code stat}, counted after the parenthesised command: nice is 19, rt_priority 40, policy 41. */
    static Observed parseStat(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        int base = 3; // fields[0] is field 3, the state
        return new Observed(Integer.parseInt(fields[41 - base]), Integer.parseInt(fields[40 - base]),
                Integer.parseInt(fields[19 - base]));
    }
}
