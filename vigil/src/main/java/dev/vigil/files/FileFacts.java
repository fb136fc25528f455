package dev.vigil.files;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code lstat(2)} (or {@code stat(2)} when following links) says about a path: the facts
 * the safety rules are made of.
 */
record FileFacts(Path path, int uid, int mode, int nlink) {

    private static final int TYPE_MASK = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    private static final int SYMLINK = 0120000;
    private static final int SOCKET = 0140000;
    static final int STICKY = 01000;
    static final int GROUP_OR_OTHER_WRITE = 0022;
    static final int GROUP_OR_OTHER_ANY = 0077;

    /** The facts of {@code path} itself (a link is not followed), or empty when nothing is there. */
    static Optional<FileFacts> ofLink(Path path) throws IOException {
        return read(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** The facts of what {@code path} leads to (links followed), or empty when nothing is there. */
    static Optional<FileFacts> ofTarget(Path path) throws IOException {
        return read(path);
    }

    private static Optional<FileFacts> read(Path path, LinkOption... options) throws IOException {
        Map<String, Object> a;
        try {
            a = java.nio.file.Files.readAttributes(path, "unix:uid,mode,nlink", options);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(new FileFacts(path, (Integer) a.get("uid"), (Integer) a.get("mode"), (Integer) a.get("nlink")));
    }

    boolean isDirectory() {
        return (mode & TYPE_MASK) == DIRECTORY;
    }

    boolean isRegularFile() {
        return (mode & TYPE_MASK) == REGULAR;
    }

    boolean isSymlink() {
        return (mode & TYPE_MASK) == SYMLINK;
    }

    int permissions() {
        return mode & 07777;
    }

    String octal() {
        return String.format("%04o", mode & 07777);
    }

    String kind() {
        return switch (mode & TYPE_MASK) {
            case DIRECTORY -> "a directory";
            case REGULAR -> "a regular file";
            case SYMLINK -> "a symbolic link";
            case SOCKET -> "a socket";
            default -> "a special file";
        };
    }
}
