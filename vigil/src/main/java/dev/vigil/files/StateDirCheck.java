package dev.vigil.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses a state directory another user could tamper with, the way sshd's {@code StrictModes}
 * and systemd's {@code StateDirectory=} do.
 *
 * <p>The rules (docs/ARCHITECTURE.md, "The state directory"):
 * <ul>
 * <li>The state dir must be a directory owned by the daemon's user and not writable by group or
 *     others. One that others can merely read or enter (0755) is tightened to 0700, with a
 *     notice: the daemon owns it, and its logs and database are nobody else's business.
 *     A missing one is created 0700 (missing parents too).</li>
 * <li>Every directory above it, up to {@code /}, both along the path as written and along its
 *     real path (after links), must be owned by root or by the daemon's user, and writable by
 *     group or others only if it has the sticky bit (like {@code /tmp}): in a sticky directory
 *     other users cannot rename or remove what is not theirs, so they cannot swap the state
 *     dir for their own.</li>
 * <li>Named subdirectories (logs, notify sockets) and files (database, lock) are checked too
 *     ({@link SafeFiles}), so a link left in an older, looser state dir is refused at start with
 *     a clear message rather than deep inside whatever opens it first.</li>
 * </ul>
 * A refusal is an {@link UnsafePathException} whose one-line message names the path, what is
 * wrong and how to fix it.
 */
public final class StateDirCheck {

    private StateDirCheck() {
    }

    /**
     * Creates or checks {@code stateDir} and its parents, {@code subdirectories} inside it (created
     * when missing), and {@code files} inside it (when present).
     *
     * @return notices for the operator (e.g. that the mode was tightened); empty when all was well
     * @throws UnsafePathException when the directory must not be used
     */
    public static List<String> secure(Path stateDir, List<String> subdirectories, List<String> files) throws IOException {
        Path dir = stateDir.toAbsolutePath().normalize();
        int us = Users.effectiveUid();
        List<String> notices = new ArrayList<>();
        FileFacts before = FileFacts.ofLink(dir).orElse(null);
        if (before != null && before.isSymlink()) {
            before = FileFacts.ofTarget(dir).orElse(null);   // a link to a directory is judged by that directory
        }
        if (before != null) {
            judgeStateDir(dir, before, us);
        }
        for (Path parent : parentsOf(dir)) {
            FileFacts p = FileFacts.ofTarget(parent).orElse(null);
            if (p != null) {
                judgeParent(parent, p, dir, us);
            }
        }
        if (before == null) {
            SafeFiles.privateDirectory(dir);
        } else if ((before.permissions() & FileFacts.GROUP_OR_OTHER_ANY) != 0) {
            SafeFiles.privateDirectory(dir.toRealPath());
            notices.add("state dir " + dir + " had mode " + before.octal() + " (others could read its logs and"
                    + " database); changed to 0700");
        }
        for (String file : files) {
            SafeFiles.requireSafeIfPresent(dir.resolve(file));
        }
        for (String sub : subdirectories) {
            SafeFiles.privateDirectory(dir.resolve(sub));
        }
        return notices;
    }

    private static void judgeStateDir(Path dir, FileFacts f, int us) throws UnsafePathException {
        if (!f.isDirectory()) {
            throw new UnsafePathException("state dir " + dir + " is " + f.kind() + ", not a directory: remove it or choose another --state-dir");
        }
        if (f.uid() != us) {
            throw new UnsafePathException("state dir " + dir + " is owned by " + Users.describe(f.uid())
                    + ", not by the daemon's user " + Users.describe(us) + ", who could plant links in it: remove it"
                    + " (vigil creates it), or chown it to the daemon's user after checking its contents");
        }
        if ((f.permissions() & FileFacts.GROUP_OR_OTHER_WRITE) != 0) {
            throw new UnsafePathException("state dir " + dir + " has mode " + f.octal()
                    + ": group or others can write into it and plant links: remove it (vigil creates it 0700),"
                    + " or chmod 700 " + dir + " after checking its contents");
        }
    }

    private static void judgeParent(Path parent, FileFacts f, Path dir, int us) throws UnsafePathException {
        String which = parent + " (a parent of the state dir " + dir + ")";
        if (f.uid() != 0 && f.uid() != us) {
            throw new UnsafePathException(which + " is owned by " + Users.describe(f.uid()) + ", neither root nor the"
                    + " daemon's user " + Users.describe(us) + ", who could replace the state dir: choose a --state-dir"
                    + " under directories owned by root or the daemon's user");
        }
        boolean writableByOthers = (f.permissions() & FileFacts.GROUP_OR_OTHER_WRITE) != 0;
        if (writableByOthers && (f.permissions() & FileFacts.STICKY) == 0) {
            throw new UnsafePathException(which + " has mode " + f.octal() + ": group or others can write into it"
                    + " and it is not sticky, so they could replace the state dir: chmod go-w " + parent
                    + " (or chmod +t), or choose another --state-dir");
        }
    }

    /** Every directory above {@code dir}, along the path as written and along its real path. */
    private static Set<Path> parentsOf(Path dir) {
        Set<Path> parents = new LinkedHashSet<>();
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            parents.add(p);
        }
        Path real = realPathOfExistingPart(dir);
        for (Path p = real.getParent(); p != null; p = p.getParent()) {
            parents.add(p);
        }
        return parents;
    }

    /** The real path of the longest existing prefix of {@code dir}, with the rest appended. */
    private static Path realPathOfExistingPart(Path dir) {
        Path missing = dir.getRoot().relativize(dir.getRoot());
        for (Path p = dir; p != null; p = p.getParent()) {
            try {
                return p.toRealPath().resolve(missing);
            } catch (IOException notThere) {
                missing = p.getFileName().resolve(missing);
            }
        }
        return dir;
    }
}
