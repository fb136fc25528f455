package dev.vigil.liveness;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.time.Duration;

/**
 * A kernel timer that SIGKILLs this process after a delay: the backstop for a halt that cannot
 * complete because the JVM never reaches a safepoint. POSIX {@code timer_create} with
 * {@code SIGEV_SIGNAL}/{@code SIGKILL} on {@code CLOCK_MONOTONIC}, armed once with
 * {@code timer_settime}; the kernel delivers the signal whatever the JVM's threads are doing.
 */
final class KillTimer {
    private static final System.Logger LOG = System.getLogger("dev.vigil.liveness");
    private static final int CLOCK_MONOTONIC = 1;
    private static final int SIGEV_SIGNAL = 0;
    private static final int SIGKILL = 9;
    /** {@code sizeof(struct sigevent)} on Linux. */
    private static final long SIGEVENT_SIZE = 64;

    private KillTimer() {
    }

    /**
     * Arms the timer; returns true if armed. Never throws: without native access, or if the calls
     * fail, the failure is logged and the halt proceeds without a backstop.
     */
    static boolean arm(Duration delay) {
        try (Arena arena = Arena.ofConfined()) {
            // int timer_create(clockid_t, struct sigevent *, timer_t *)
            MethodHandle create = Native.withErrno("timer_create", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            // int timer_settime(timer_t, int flags, const struct itimerspec *, struct itimerspec *old)
            MethodHandle settime = Native.withErrno("timer_settime", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            MemorySegment errno = Native.errnoSegment(arena);

            MemorySegment event = arena.allocate(SIGEVENT_SIZE, 8);
            event.set(ValueLayout.JAVA_INT, 8, SIGKILL);      // sigev_signo
            event.set(ValueLayout.JAVA_INT, 12, SIGEV_SIGNAL); // sigev_notify
            MemorySegment timerId = arena.allocate(ValueLayout.ADDRESS);
            int rc = (int) create.invokeExact(errno, CLOCK_MONOTONIC, event, timerId);
            if (rc != 0) {
                LOG.log(System.Logger.Level.ERROR, "kill timer: timer_create failed ({0})", Native.describe(Native.errno(errno)));
                return false;
            }
            MemorySegment spec = arena.allocate(32, 8); // itimerspec: interval {0,0}, value {sec,nsec}
            spec.set(ValueLayout.JAVA_LONG, 16, delay.toSeconds());
            spec.set(ValueLayout.JAVA_LONG, 24, delay.toNanosPart());
            MemorySegment id = timerId.get(ValueLayout.ADDRESS, 0);
            rc = (int) settime.invokeExact(errno, id, 0, spec, MemorySegment.NULL);
            if (rc != 0) {
                LOG.log(System.Logger.Level.ERROR, "kill timer: timer_settime failed ({0})", Native.describe(Native.errno(errno)));
                return false;
            }
            return true;
        } catch (IllegalCallerException e) {
            LOG.log(System.Logger.Level.WARNING,
                    "kill timer: native access denied, halting without a SIGKILL backstop ({0})", e.getMessage());
            return false;
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "kill timer: could not arm", e);
            return false;
        }
    }
}
