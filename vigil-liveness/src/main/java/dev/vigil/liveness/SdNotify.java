package dev.vigil.liveness;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The systemd notify protocol over an AF_UNIX datagram socket, through the FFM API (the JDK's
 * {@code DatagramChannel} does not do Unix-domain datagrams). One socket, opened once; each state
 * is one {@code sendto} of its UTF-8 bytes. Failures are logged with errno, never thrown.
 */
final class SdNotify implements Notifier {
    private static final System.Logger LOG = System.getLogger("dev.vigil.liveness");
    private static final AtomicBoolean WARNED_UNAVAILABLE = new AtomicBoolean();

    private final String socketName;
    private final Optional<Duration> watchdogInterval;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment address;
    private final MemorySegment errno;
    private final MethodHandle sendto;
    private final MethodHandle close;
    private final int fd;
    private boolean sendFailedBefore;

    /** Opens the socket; throws IllegalCallerException without native access, IllegalArgumentException for a bad name. */
    SdNotify(String socketName, Optional<Duration> watchdogInterval) {
        this.socketName = socketName;
        this.watchdogInterval = watchdogInterval;
        try {
            MethodHandle socket = Native.withErrno("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            this.sendto = Native.withErrno("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            this.close = Native.plain("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            this.address = Native.unixAddress(arena, socketName);
            this.errno = Native.errnoSegment(arena);
            int opened = (int) socket.invokeExact(errno, Native.AF_UNIX, Native.SOCK_DGRAM | Native.SOCK_CLOEXEC, 0);
            if (opened < 0) {
                throw new IllegalStateException("socket(AF_UNIX, SOCK_DGRAM) failed: " + Native.describe(Native.errno(errno)));
            }
            this.fd = opened;
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        } catch (Throwable e) {
            arena.close();
            throw new IllegalStateException(e);
        }
    }

    static Notifier fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return Notifier.none();
        }
        try {
            return new SdNotify(socket, watchdogInterval(env, pid));
        } catch (IllegalCallerException | IllegalArgumentException | IllegalStateException e) {
            if (WARNED_UNAVAILABLE.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "sd_notify disabled, NOTIFY_SOCKET={0} is set but unusable: {1}"
                        + " (grant --enable-native-access=dev.vigil.liveness or ALL-UNNAMED)", socket, e.getMessage());
            }
            return Notifier.none();
        }
    }

    /** WATCHDOG_USEC, honoured only if WATCHDOG_PID is unset or names this process. */
    static Optional<Duration> watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || forPid != null && !forPid.equals(Long.toString(pid))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "WATCHDOG_USEC: must be a positive integer, was ''{0}''; not pinging", usec);
            return Optional.empty();
        }
    }

    @Override
    public Optional<Duration> watchdogInterval() {
        return watchdogInterval;
    }

    @Override
    public synchronized void send(String state) {
        byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment buffer = call.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, 0, bytes.length);
            long sent = (long) sendto.invokeExact(errno, fd, buffer, (long) bytes.length, Native.MSG_NOSIGNAL,
                    address, (int) address.byteSize());
            if (sent < 0) {
                // The first failure is a warning; repeats (a manager gone away) would flood the log.
                LOG.log(sendFailedBefore ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                        "sd_notify to {0} failed ({1}) sending {2}", socketName, Native.describe(Native.errno(errno)), firstLine(state));
                sendFailedBefore = true;
            }
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "sd_notify to " + socketName + " failed", e);
        }
    }

    private static String firstLine(String state) {
        int newline = state.indexOf('\n');
        return newline < 0 ? state : state.substring(0, newline);
    }

    @Override
    public synchronized void close() {
        try {
            int ignored = (int) close.invokeExact(fd);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.DEBUG, "sd_notify close failed", e);
        }
        arena.close();
    }
}
