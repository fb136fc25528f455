package dev.vigil.liveness;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A receiving end of the notify protocol for tests, as a service manager does it: an AF_UNIX
 * datagram socket with SO_PASSCRED, read with recvmsg so each datagram carries the sender's
 * credentials (SCM_CREDENTIALS).
 */
final class NotifyReceiver implements AutoCloseable {
    /** One datagram and the pid the kernel says sent it. */
    record Datagram(String text, int pid) {
    }

    private static final int SOL_SOCKET = 1;
    private static final int SO_PASSCRED = 16;
    private static final int SO_RCVTIMEO = 20;
    private static final int SCM_CREDENTIALS = 2;

    private final Arena arena = Arena.ofShared();
    private final String name;
    private final int fd;
    private final MethodHandle recvmsg;
    private final MethodHandle setsockopt;
    private final MethodHandle close;

    NotifyReceiver(String name) throws Throwable {
        this.name = name;
        MethodHandle socket = Native.plain("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle bind = Native.plain("bind", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        this.setsockopt = Native.plain("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        this.recvmsg = Native.plain("recvmsg", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        this.close = Native.plain("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        this.fd = (int) socket.invokeExact(Native.AF_UNIX, Native.SOCK_DGRAM | Native.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket failed");
        }
        MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
        if ((int) setsockopt.invokeExact(fd, SOL_SOCKET, SO_PASSCRED, one, 4) != 0) {
            throw new IllegalStateException("SO_PASSCRED failed");
        }
        MemorySegment address = Native.unixAddress(arena, name);
        if ((int) bind.invokeExact(fd, address, (int) address.byteSize()) != 0) {
            throw new IllegalStateException("bind " + name + " failed");
        }
    }

    /** The next datagram, or empty if none arrives within {@code timeout}. */
    Optional<Datagram> receive(Duration timeout) throws Throwable {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment tv = call.allocate(16, 8);
            tv.set(ValueLayout.JAVA_LONG, 0, timeout.toSeconds());
            tv.set(ValueLayout.JAVA_LONG, 8, Math.max(1, timeout.toMillisPart() * 1000L));
            int rc = (int) setsockopt.invokeExact(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
            if (rc != 0) {
                throw new IllegalStateException("SO_RCVTIMEO failed");
            }
            MemorySegment data = call.allocate(4096);
            MemorySegment iov = call.allocate(16, 8);
            iov.set(ValueLayout.ADDRESS, 0, data);
            iov.set(ValueLayout.JAVA_LONG, 8, data.byteSize());
            MemorySegment control = call.allocate(64, 8);
            MemorySegment msg = call.allocate(56, 8); // struct msghdr on LP64 Linux
            msg.set(ValueLayout.ADDRESS, 16, iov);
            msg.set(ValueLayout.JAVA_LONG, 24, 1);
            msg.set(ValueLayout.ADDRESS, 32, control);
            msg.set(ValueLayout.JAVA_LONG, 40, control.byteSize());
            long n = (long) recvmsg.invokeExact(fd, msg, 0);
            if (n < 0) {
                return Optional.empty(); // EAGAIN: timed out
            }
            String text = new String(data.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            int pid = -1;
            long controlLength = msg.get(ValueLayout.JAVA_LONG, 40);
            if (controlLength >= 16 + 12 && control.get(ValueLayout.JAVA_INT, 8) == SOL_SOCKET
                    && control.get(ValueLayout.JAVA_INT, 12) == SCM_CREDENTIALS) {
                pid = control.get(ValueLayout.JAVA_INT, 16); // struct ucred { pid, uid, gid }
            }
            return Optional.of(new Datagram(text, pid));
        }
    }

    @Override
    public void close() throws Exception {
        try {
            int ignored = (int) close.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        arena.close();
        if (!name.startsWith("@")) {
            Files.deleteIfExists(Path.of(name));
        }
    }
}
