package dev.vigil.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Creates and opens the daemon's own files so that no other user can read them or redirect them.
 *
 * <p>Rules, the same for every file and directory in the state dir: a new file is created with
 * {@code O_CREAT|O_EXCL|O_NOFOLLOW} and mode 0600, a new directory with mode 0700 (the mode is
 * passed to the creating call, and the umask can only take bits away from it, so it holds under
 * any umask). An existing one must not be a symbolic link, must be owned by this process's
 * user, must be of the expected kind, and a file must have exactly one hard link (an extra
 * link can make it an alias of another user's or a root-only file); group and other permission
 * bits are taken away. Existing files are opened with {@code O_NOFOLLOW}.
 *
 * <p>These checks cannot race with another user as long as the directory they are in is safe
 * (see {@link StateDirCheck}): only its owner (or root) can change what its names point to.
 * Stateless and thread-safe.
 */
public final class SafeFiles {

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> NEW_FILE = PosixFilePermissions.asFileAttribute(OWNER_FILE);
    private static final FileAttribute<Set<PosixFilePermission>> NEW_DIRECTORY = PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY);
    private static final String[] SQLITE_COMPANIONS = {"-wal", "-shm", "-journal"};

    private SafeFiles() {
    }

    /**
     * Makes {@code dir} a directory only this user can use: creates it (and any missing parent)
     * with mode 0700, or checks the existing one and takes away group/other bits.
     *
     * @throws UnsafePathException when it is a link, not a directory, or another user's
     */
    public static Path privateDirectory(Path dir) throws IOException {
        Optional<FileFacts> facts = FileFacts.ofLink(dir);
        if (facts.isEmpty()) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && FileFacts.ofTarget(parent).isEmpty()) {
                Files.createDirectories(parent, NEW_DIRECTORY);
            }
            try {
                Files.createDirectory(dir, NEW_DIRECTORY);
                return dir;
            } catch (FileAlreadyExistsException raced) {
                facts = FileFacts.ofLink(dir);   // made by ourselves meanwhile: check it like any other
            }
        }
        FileFacts existing = facts.orElseThrow();
        if (!existing.isDirectory()) {
            throw new UnsafePathException(dir + " is " + existing.kind() + ", not a directory"
                    + (existing.isSymlink() ? " (refusing to follow it)" : "") + ": remove it");
        }
        requireOwnedByUs(existing);
        tighten(existing, OWNER_DIRECTORY);
        return dir;
    }

    /**
     * Opens {@code file} with {@code options} (e.g. {@code WRITE, APPEND}), creating it with mode
     * 0600 and {@code O_EXCL} when it does not exist, never following a link.
     *
     * @throws UnsafePathException when an existing {@code file} breaks the rules above
     */
    public static FileChannel openPrivate(Path file, OpenOption... options) throws IOException {
        List<OpenOption> open = new ArrayList<>(List.of(options));
        open.remove(StandardOpenOption.CREATE);
        open.remove(StandardOpenOption.CREATE_NEW);
        open.add(LinkOption.NOFOLLOW_LINKS);
        if (FileFacts.ofLink(file).isEmpty()) {
            List<OpenOption> create = new ArrayList<>(open);
            create.add(StandardOpenOption.CREATE_NEW);   // O_CREAT|O_EXCL: never an existing file or link
            try {
                return FileChannel.open(file, Set.copyOf(create), NEW_FILE);
            } catch (FileAlreadyExistsException raced) {
                // Someone (this daemon's user or root: the directory is private) made it meanwhile.
            }
        }
        requireSafeIfPresent(file);
        try {
            return FileChannel.open(file, Set.copyOf(open));
        } catch (FileSystemException e) {
            if (FileFacts.ofLink(file).map(FileFacts::isSymlink).orElse(false)) {
                throw new UnsafePathException(file + " is a symbolic link: refusing to follow it; remove it");
            }
            throw e;
        }
    }

    /** {@link #openPrivate} for appending, as a stream. */
    public static OutputStream appendPrivate(Path file) throws IOException {
        return Channels.newOutputStream(openPrivate(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /**
     * Nothing, or a private regular file at {@code file}: for names that another library will
     * open by path (SQLite's journal files), so it cannot be led through a link.
     *
     * @throws UnsafePathException when something else is there
     */
    public static void requireSafeIfPresent(Path file) throws IOException {
        Optional<FileFacts> facts = FileFacts.ofLink(file);
        if (facts.isEmpty()) {
            return;
        }
        FileFacts f = facts.get();
        if (f.isSymlink()) {
            throw new UnsafePathException(file + " is a symbolic link"
                    + target(file) + ": refusing to follow it; remove it");
        }
        if (!f.isRegularFile()) {
            throw new UnsafePathException(file + " is " + f.kind() + ", not a regular file: remove it");
        }
        requireOwnedByUs(f);
        if (f.nlink() != 1) {
            throw new UnsafePathException(file + " has " + f.nlink() + " hard links: it may be another file's alias;"
                    + " refusing to write to it; remove it");
        }
        tighten(f, OWNER_FILE);
    }

    /**
     * Prepares an SQLite database at {@code database}: the file itself is created 0600 (SQLite
     * gives its {@code -wal} and {@code -shm} files the database's mode, whatever the umask),
     * and neither it nor those companions may be links or other users' files.
     */
    public static void privateSqliteFile(Path database) throws IOException {
        openPrivate(database, StandardOpenOption.WRITE).close();
        for (String suffix : SQLITE_COMPANIONS) {
            requireSafeIfPresent(database.resolveSibling(database.getFileName() + suffix));
        }
    }

    private static void requireOwnedByUs(FileFacts f) throws UnsafePathException {
        int us = Users.effectiveUid();
        if (f.uid() != us) {
            throw new UnsafePathException(f.path() + " is owned by " + Users.describe(f.uid())
                    + ", not by the daemon's user " + Users.describe(us) + ": remove it");
        }
    }

    private static void tighten(FileFacts f, Set<PosixFilePermission> owner) throws IOException {
        if ((f.permissions() & FileFacts.GROUP_OR_OTHER_ANY) != 0) {
            Files.getFileAttributeView(f.path(), java.nio.file.attribute.PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).setPermissions(owner);
        }
    }

    private static String target(Path link) {
        try {
            return " (to " + Files.readSymbolicLink(link) + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
