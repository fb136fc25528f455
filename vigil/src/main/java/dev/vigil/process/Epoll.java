package dev.vigil.process;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * One epoll(7) instance plus an eventfd(2) that other threads use to wake its waiter, through the
 * FFM API. Level-triggered: a descriptor stays ready until it has been read empty.
 *
 * <p>Each registered descriptor carries a caller-chosen 64-bit key, returned with its events.
 * {@link #register}, {@link #unregister} and {@link #wake} may be called from any thread;
 * {@link #await} and the results it fills belong to one thread.
 */
final class Epoll implements AutoCloseable {
    static final int EPOLLIN = 0x001;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    /** The key {@link #await} reports for a {@link #wake}. */
    static final long WAKE_KEY = -1;

    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int CLOEXEC = 0x80000;
    private static final int EFD_NONBLOCK = 0x800;
    /** struct epoll_event {uint32 events; uint64 data;} is packed on x86-64 only. */
    private static final boolean PACKED = System.getProperty("os.arch").matches("amd64|x86_64");
    private static final long EVENT_SIZE = PACKED ? 12 : 16;
    private static final long DATA_OFFSET = PACKED ? 4 : 8;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;
    private static final MethodHandle CREATE = Libc.bind("epoll_create1", FunctionDescriptor.of(INT, INT), true);
    private static final MethodHandle CTL = Libc.bind("epoll_ctl", FunctionDescriptor.of(INT, INT, INT, INT, ADDR), true);
    private static final MethodHandle WAIT = Libc.bind("epoll_wait", FunctionDescriptor.of(INT, INT, ADDR, INT, INT), true);
    private static final MethodHandle EVENTFD = Libc.bind("eventfd", FunctionDescriptor.of(INT, INT, INT), true);
    private static final MethodHandle EVENTFD_WRITE =
            Libc.bind("eventfd_write", FunctionDescriptor.of(INT, INT, ValueLayout.JAVA_LONG), true);

    private final int epfd;
    private final int wakeFd;
    private final MemorySegment events;
    private final MemorySegment drain;
    private final int capacity;

    /** @param capacity how many ready descriptors one {@link #await} reports at most */
    Epoll(int capacity) {
        this.capacity = capacity;
        this.epfd = check("epoll_create1", call(CREATE, CLOEXEC));
        this.wakeFd = check("eventfd", call(EVENTFD, 0, CLOEXEC | EFD_NONBLOCK));
        Arena arena = Arena.ofAuto();
        this.events = arena.allocate(EVENT_SIZE * capacity, 8);
        this.drain = arena.allocate(8, 8);
        register(wakeFd, WAKE_KEY);
    }

    /** Watches {@code fd} for input (and hang-up, always reported), reported under {@code key}. */
    void register(int fd, long key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(EVENT_SIZE, 8);
            event.set(ValueLayout.JAVA_INT, 0, EPOLLIN);
            event.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA_OFFSET, key);
            check("epoll_ctl(ADD, " + fd + ")", call(CTL, epfd, EPOLL_CTL_ADD, fd, event));
        }
    }

    /** Stops watching {@code fd} (before it is closed, so a reused number starts clean). */
    void unregister(int fd) {
        call(CTL, epfd, EPOLL_CTL_DEL, fd, MemorySegment.NULL);
    }

    /** Makes the current or next {@link #await} return {@link #WAKE_KEY}. Any thread. */
    void wake() {
        try {
            int ignored = (int) EVENTFD_WRITE.invokeExact(Libc.captureState(), wakeFd, 1L);
        } catch (Throwable t) {
            throw new IllegalStateException("eventfd_write failed to run", t);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: no limit) for ready descriptors.
     * @return how many; read them with {@link #key} and {@link #readyEvents}
     */
    int await(int timeoutMillis) {
        int ready = call(WAIT, epfd, events, capacity, timeoutMillis);
        if (ready < 0) {
            int errno = Libc.errno();
            if (errno == Libc.EINTR) {
                return 0;
            }
            throw new IllegalStateException("epoll_wait failed: " + Libc.strerror(errno));
        }
        for (int i = 0; i < ready; i++) {
            if (key(i) == WAKE_KEY) {
                Libc.read(wakeFd, drain, 8);   // resets the counter; EAGAIN if already drained is fine
            }
        }
        return ready;
    }

    long key(int index) {
        return events.get(ValueLayout.JAVA_LONG_UNALIGNED, EVENT_SIZE * index + DATA_OFFSET);
    }

    int readyEvents(int index) {
        return events.get(ValueLayout.JAVA_INT, EVENT_SIZE * index);
    }

    @Override
    public void close() {
        Libc.close(wakeFd);
        Libc.close(epfd);
    }

    private static int check(String what, int result) {
        if (result < 0) {
            throw new IllegalStateException(what + " failed: " + Libc.strerror(Libc.errno()));
        }
        return result;
    }

    private static int call(MethodHandle handle, int a) {
        try {
            return (int) handle.invokeExact(Libc.captureState(), a);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int call(MethodHandle handle, int a, int b) {
        try {
            return (int) handle.invokeExact(Libc.captureState(), a, b);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int call(MethodHandle handle, int a, int b, int c, MemorySegment d) {
        try {
            return (int) handle.invokeExact(Libc.captureState(), a, b, c, d);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int call(MethodHandle handle, int a, MemorySegment b, int c, int d) {
        try {
            return (int) handle.invokeExact(Libc.captureState(), a, b, c, d);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
