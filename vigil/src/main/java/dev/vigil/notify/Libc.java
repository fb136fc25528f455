package dev.vigil.notify;

import dev.vigil.ffi.NativeLibc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The few libc calls a Unix datagram receiver needs, bound through the FFM API (the JDK has no
 * Unix datagram sockets). Linux on 64-bit x86 or ARM only: the constants and struct offsets
 * below are those of glibc/musl on LP64 Linux.
 *
 * <p>Every call that can fail captures {@code errno} through {@link Linker.Option#captureCallState}
 * (reading it after the call from Java would see whatever the JVM did in between) and fails with
 * an {@link IOException} that names the call, its subject and {@code strerror(errno)}.
 */
final class Libc {

    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_PASSCRED = 16;
    static final int SCM_RIGHTS = 1;
    static final int SCM_CREDENTIALS = 2;
    static final int MSG_CTRUNC = 0x8;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    static final int SHUT_RDWR = 2;
    static final int EINTR = 4;
    private static final boolean RETRY_ON_EINTR = true;

    /** {@code struct sockaddr_un}: sa_family_t then 108 bytes of path, NUL included. */
    static final int SUN_PATH_OFFSET = 2;
    static final int SUN_PATH_SIZE = 108;

    /** {@code struct iovec}. */
    static final StructLayout IOVEC = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("iov_base"),
            ValueLayout.JAVA_LONG.withName("iov_len"));

    /** {@code struct msghdr} on LP64 Linux (socklen_t is 32 bits, the lengths are size_t). */
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("msg_name"),
            ValueLayout.JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ValueLayout.ADDRESS.withName("msg_iov"),
            ValueLayout.JAVA_LONG.withName("msg_iovlen"),
            ValueLayout.ADDRESS.withName("msg_control"),
            ValueLayout.JAVA_LONG.withName("msg_controllen"),
            ValueLayout.JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));

    static final long MSG_CONTROLLEN = offset(MSGHDR, "msg_controllen");
    static final long MSG_FLAGS = offset(MSGHDR, "msg_flags");


    private static final MethodHandle SOCKET = withErrno("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = withErrno("setsockopt",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = withErrno("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECVMSG = withErrno("recvmsg",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SHUTDOWN = withErrno("shutdown",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = withErrno("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private Libc() {}

    static int socket(int domain, int type, int protocol) throws IOException {
        return (int) invoke("socket(AF_UNIX, SOCK_DGRAM)", RETRY_ON_EINTR,
                state -> (int) SOCKET.invokeExact(state, domain, type, protocol));
    }

    static void setIntOption(int fd, int level, int option, int value, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocateFrom(ValueLayout.JAVA_INT, value);
            invoke("setsockopt(" + name + ")", RETRY_ON_EINTR,
                    state -> (int) SETSOCKOPT.invokeExact(state, fd, level, option, v, (int) v.byteSize()));
        }
    }

    /** Binds to a {@code struct sockaddr_un} of exactly {@code length} meaningful bytes. */
    static void bind(int fd, MemorySegment sockaddr, int length, String address) throws IOException {
        invoke("bind(" + address + ")", RETRY_ON_EINTR, state -> (int) BIND.invokeExact(state, fd, sockaddr, length));
    }

    /**
     * recvmsg(2), retried on EINTR.
     *
     * @return the byte count (the datagram's real length when {@code MSG_TRUNC} is in flags)
     */
    static long recvmsg(int fd, MemorySegment msghdr, int flags, String address) throws IOException {
        return invoke("recvmsg(" + address + ")", RETRY_ON_EINTR,
                state -> (long) RECVMSG.invokeExact(state, fd, msghdr, flags));
    }

    static void shutdown(int fd, String address) throws IOException {
        invoke("shutdown(" + address + ")", RETRY_ON_EINTR, state -> (int) SHUTDOWN.invokeExact(state, fd, SHUT_RDWR));
    }

    /** close(2). Never retried: on Linux the descriptor is released even when close reports EINTR. */
    static void close(int fd, String what) throws IOException {
        invoke("close(" + what + ")", !RETRY_ON_EINTR, state -> (int) CLOSE.invokeExact(state, fd));
    }

    /** One native call that returns a negative value on failure, with errno in {@code state}. */
    @FunctionalInterface
    private interface NativeCall {
        long invoke(MemorySegment state) throws Throwable;
    }

    private static long invoke(String call, boolean retryOnEintr, NativeCall nativeCall) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(NativeLibc.CALL_STATE);
            while (true) {
                long rc = nativeCall.invoke(state);
                if (rc >= 0) {
                    return rc;
                }
                int errno = errno(state);
                if (errno == EINTR && retryOnEintr) {
                    continue;
                }
                if (errno == EINTR) {
                    return 0;
                }
                throw new IOException(call + " failed: " + strerror(errno) + " (errno " + errno + ")");
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(call + ": native call failed to link or run", t);
        }
    }

    private static int errno(MemorySegment state) {
        return NativeLibc.errno(state);
    }

    static String strerror(int errno) {
        return NativeLibc.strerror(errno);
    }

    private static MethodHandle withErrno(String name, FunctionDescriptor descriptor) {
        return NativeLibc.bind(name, descriptor, true);
    }

    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}
