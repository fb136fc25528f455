package dev.vigil.config;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * {@link Accounts} through glibc's reentrant {@code getpwnam_r}, {@code getpwuid_r},
 * and {@code getgrnam_r} (FFM), so names from NSS (LDAP, sssd) resolve as they
 * will for {@code setpriv} at start time, not only what /etc/passwd lists. Thread-safe.
 */
final class NativeAccounts implements Accounts {
    static final NativeAccounts INSTANCE = new NativeAccounts();

    /** x86_64/aarch64 glibc: struct passwd {name, passwd, uid, gid, gecos, dir, shell}; struct group {name, passwd, gid, mem}. */
    private static final long PASSWD_SIZE = 48;
    private static final long PW_UID = 16;
    private static final long PW_GID = 20;
    private static final long PW_DIR = 32;
    private static final long GROUP_SIZE = 32;
    private static final long GR_GID = 16;
    /** Entries longer than this (huge member lists) are treated as missing rather than retried unboundedly. */
    private static final long BUFFER_BYTES = 64 * 1024;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final java.lang.foreign.AddressLayout ADDR = ValueLayout.ADDRESS;
    private static final FunctionDescriptor BY_NAME = FunctionDescriptor.of(ValueLayout.JAVA_INT, ADDR, ADDR, ADDR,
            ValueLayout.JAVA_LONG, ADDR);
    private static final FunctionDescriptor BY_ID = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ADDR, ADDR, ValueLayout.JAVA_LONG, ADDR);
    private static final MethodHandle GETPWNAM_R = bind("getpwnam_r", BY_NAME);
    private static final MethodHandle GETPWUID_R = bind("getpwuid_r", BY_ID);
    private static final MethodHandle GETGRNAM_R = bind("getgrnam_r", BY_NAME);
    private static final MethodHandle GETEUID = bind("geteuid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final MethodHandle GETEGID = bind("getegid", FunctionDescriptor.of(ValueLayout.JAVA_INT));

    private NativeAccounts() {
    }

    @Override
    public Optional<User> user(String nameOrUid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pw = arena.allocate(PASSWD_SIZE, 8);
            MemorySegment buf = arena.allocate(BUFFER_BYTES);
            MemorySegment result = arena.allocate(ADDR);
            OptionalNumber id = OptionalNumber.of(nameOrUid);
            int rc = id.present()
                    ? (int) GETPWUID_R.invokeExact(id.value(), pw, buf, BUFFER_BYTES, result)
                    : (int) GETPWNAM_R.invokeExact(arena.allocateFrom(nameOrUid), pw, buf, BUFFER_BYTES, result);
            if (rc != 0 || result.get(ADDR, 0).equals(MemorySegment.NULL)) {
                return Optional.empty();
            }
            String name = pw.get(ADDR, 0).reinterpret(Long.MAX_VALUE).getString(0);
            String home = pw.get(ADDR, PW_DIR).reinterpret(Long.MAX_VALUE).getString(0);
            return Optional.of(new User(name, pw.get(ValueLayout.JAVA_INT, PW_UID), pw.get(ValueLayout.JAVA_INT, PW_GID), home));
        } catch (Throwable t) {
            throw new IllegalStateException("user lookup failed for " + nameOrUid, t);
        }
    }

    @Override
    public Optional<Integer> group(String nameOrGid) {
        OptionalNumber id = OptionalNumber.of(nameOrGid);
        if (id.present()) {
            return Optional.of(id.value());    // a numeric gid needs no entry, as with chown
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment gr = arena.allocate(GROUP_SIZE, 8);
            MemorySegment buf = arena.allocate(BUFFER_BYTES);
            MemorySegment result = arena.allocate(ADDR);
            int rc = (int) GETGRNAM_R.invokeExact(arena.allocateFrom(nameOrGid), gr, buf, BUFFER_BYTES, result);
            if (rc != 0 || result.get(ADDR, 0).equals(MemorySegment.NULL)) {
                return Optional.empty();
            }
            return Optional.of(gr.get(ValueLayout.JAVA_INT, GR_GID));
        } catch (Throwable t) {
            throw new IllegalStateException("group lookup failed for " + nameOrGid, t);
        }
    }

    @Override
    public int effectiveUid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("geteuid failed", t);
        }
    }

    @Override
    public int effectiveGid() {
        try {
            return (int) GETEGID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("getegid failed", t);
        }
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc has no " + name)), descriptor);
    }

    /** A decimal id in 0..2^31-1, or absent for a name. */
    private record OptionalNumber(boolean present, int value) {
        static OptionalNumber of(String text) {
            if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return new OptionalNumber(false, 0);
            }
            long n = Long.parseLong(text);
            return n > Integer.MAX_VALUE ? new OptionalNumber(false, 0) : new OptionalNumber(true, (int) n);
        }
    }
}
