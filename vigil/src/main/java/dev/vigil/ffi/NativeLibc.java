package dev.vigil.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The one FFM binding to libc: how a function is looked up and linked (with or without errno
 * captured), where captured errno is read, and strerror. The per-area call sets ({@code
 * process/Libc}: spawn, signals, pidfds; {@code notify/Libc}: Unix datagram sockets) are built on it.
 */
public final class NativeLibc {

    private static final Linker LINKER = Linker.nativeLinker();
    /** The layout of the call state errno-capturing handles take as their first argument. */
    public static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle STRERROR = bind("strerror",
            FunctionDescriptor.of(java.lang.foreign.ValueLayout.ADDRESS, java.lang.foreign.ValueLayout.JAVA_INT), false);

    private NativeLibc() {
    }

    /**
     * A downcall handle to libc's {@code name}; when {@code capturesErrno}, its first argument is a
     * {@link #CALL_STATE} segment that receives errno.
     *
     * @throws UnsupportedOperationException when libc lacks the function
     */
    public static MethodHandle bind(String name, FunctionDescriptor descriptor, boolean capturesErrno) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException("libc has no " + name + " (Vigil needs glibc 2.34+ on Linux)"));
        return capturesErrno
                ? LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"))
                : LINKER.downcallHandle(symbol, descriptor);
    }

    /** The errno a capturing call stored in {@code state}. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** The C library's text for {@code errno}, or "errno N" when it has none. */
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.equals(MemorySegment.NULL) ? "errno " + errno : text.reinterpret(512).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
