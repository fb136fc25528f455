package dev.vigil.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The effective uid of this process and how to name a uid in a message. */
final class Users {

    private static final int UNKNOWN = -1;
    private static volatile int effectiveUid = UNKNOWN;

    private Users() {
    }

    /** This process's effective uid: the owner of everything it creates. */
    static int effectiveUid() {
        int uid = effectiveUid;
        if (uid == UNKNOWN) {
            try {
                // /proc/self belongs to the process's effective uid.
                uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException e) {
                throw new IllegalStateException("cannot tell this process's uid from /proc/self: " + e.getMessage(), e);
            }
            effectiveUid = uid;
        }
        return uid;
    }

    /** {@code uid 0 (root)}, or {@code uid 1234} when the uid has no {@code /etc/passwd} entry. */
    static String describe(long uid) {
        try (var lines = Files.lines(Path.of("/etc/passwd"))) {
            String name = lines.map(l -> l.split(":", 4))
                    .filter(f -> f.length > 2 && f[2].equals(Long.toString(uid)))
                    .map(f -> f[0]).findFirst().orElse(null);
            return name == null ? "uid " + uid : "uid " + uid + " (" + name + ")";
        } catch (IOException | java.io.UncheckedIOException e) {
            return "uid " + uid;
        }
    }
}
