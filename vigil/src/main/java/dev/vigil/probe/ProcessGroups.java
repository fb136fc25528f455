package dev.vigil.probe;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Signals a whole process group through libc's {@code kill(-pgid, sig)}. */
final class ProcessGroups {

    private static final int SIGKILL = 9;
    private static final MethodHandle KILL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("kill").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private ProcessGroups() {
    }

    /**
     * SIGKILLs every process of group {@code pgid}; a group that is already gone is not an error.
     * {@code pgid} must be a group this JVM created (the probe's {@code setsid} child).
     */
    static void killGroup(long pgid) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        try {
            int ignored = (int) KILL.invokeExact((int) -pgid, SIGKILL);
        } catch (Throwable e) {
            throw new IllegalStateException("kill(-" + pgid + ", SIGKILL) could not be called", e);
        }
    }
}
