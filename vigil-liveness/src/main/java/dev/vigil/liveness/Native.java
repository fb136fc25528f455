package dev.vigil.liveness;

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
 * The few libc calls the library makes through the FFM API, with errno captured.
 *
 * <p>Looking a call up throws {@link IllegalCallerException} when native access is denied to this
 * module; callers turn that into a warned no-op.
 */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(sockaddr_un.sun_path)} on Linux. */
    static final int SUN_PATH_SIZE = 108;

    private Native() {
    }

    /** A downcall whose first argument is the errno capture segment. */
    static MethodHandle withErrno(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(
                LINKER.defaultLookup().findOrThrow(name), descriptor, Linker.Option.captureCallState("errno"));
    }

    static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor);
    }

    static MemorySegment errnoSegment(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** {@code errno} as text, e.g. "ECONNREFUSED (errno 111: Connection refused)"-like, via strerror. */
    static String describe(int errno) {
        try {
            MethodHandle strerror = plain("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
            return "errno " + errno + ": " + text.reinterpret(256).getString(0);
        } catch (Throwable e) {
            return "errno " + errno;
        }
    }

    /**
     * A {@code sockaddr_un} for a socket name: a path, or {@code @name} for the abstract namespace
     * (the leading {@code @} becomes a NUL byte and no terminator is counted).
     *
     * @return the address; its byte size is the {@code socklen_t} to pass
     * @throws IllegalArgumentException if the name is empty, relative or too long
     */
    static MemorySegment unixAddress(Arena arena, String name) {
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean isAbstract = name.startsWith("@");
        if (bytes.length < 2 && isAbstract || bytes.length == 0 || !isAbstract && !name.startsWith("/")) {
            throw new IllegalArgumentException(
                    "NOTIFY_SOCKET: must be an absolute path or @abstract-name, was '" + name + "'");
        }
        int pathBytes = isAbstract ? bytes.length : bytes.length + 1; // a path carries its NUL
        if (pathBytes > SUN_PATH_SIZE) {
            throw new IllegalArgumentException("NOTIFY_SOCKET: at most " + (SUN_PATH_SIZE - 1)
                    + " bytes, was " + bytes.length + " ('" + name + "')");
        }
        MemorySegment address = arena.allocate(2L + pathBytes, 2);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(bytes, 0, address, ValueLayout.JAVA_BYTE, 2, bytes.length);
        if (isAbstract) {
            address.set(ValueLayout.JAVA_BYTE, 2, (byte) 0);
        }
        return address;
    }
}
