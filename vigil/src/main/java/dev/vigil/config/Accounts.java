package dev.vigil.config;

import java.util.Optional;

/**
 * The system's user and group database (NSS: /etc/passwd, LDAP, ...) and who the daemon runs as,
 * for {@code user} and {@code group}. Injected so tests can play a non-root daemon.
 */
interface Accounts {

    /** A user: its numeric id, primary group and home directory. */
    record User(String name, int uid, int gid, String home) {}

    /** The user named {@code name}, or with numeric id {@code uid} when {@code name} is all digits. */
    Optional<User> user(String nameOrUid);

    /** The gid of the group named {@code name}, or {@code name} itself when all digits. */
    Optional<Integer> group(String nameOrGid);

    /** The daemon's effective uid: only root (0) may start processes as someone else. */
    int effectiveUid();

    /** The daemon's effective gid. */
    int effectiveGid();

    /** The real database through libc. */
    static Accounts system() {
        return NativeAccounts.INSTANCE;
    }
}
