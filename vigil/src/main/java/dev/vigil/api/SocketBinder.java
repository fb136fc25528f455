package dev.vigil.api;

import dev.vigil.files.SafeFiles;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the control socket so that it is never reachable with a mode wider than 0600.
 *
 * <p>Java cannot set the umask, and {@code bind(2)} creates the socket file with
 * {@code 0777 & ~umask} (often 0755): a window in which another user could connect. So the
 * socket is bound inside a fresh private directory (0700, nobody else can even reach the
 * file), chmod'ed to 0600 there, and only then renamed onto its final path; {@code rename(2)}
 * is atomic and keeps the mode. A connect by path finds the renamed inode.
 *
 * <p>Start-up order: take an exclusive lock on {@code <socket>.lock} (held for the server's
 * life, so two daemons starting together cannot both win); if the socket path exists and a
 * daemon answers on it, refuse; if nothing answers it is stale (a dead daemon's) and is
 * replaced.
 */
final class SocketBinder {

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_SOCKET = PosixFilePermissions.fromString("rw-------");

    /** The bound channel and the lock that must live exactly as long as it. */
    record Bound(ServerSocketChannel channel, FileChannel lockFile, FileLock lock) {
    }

    private SocketBinder() {
    }

    static Bound bind(Path socket, int backlog) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        createPrivateDirectories(dir);
        // Never through a link: a planted vigil.sock.lock -> /etc/shadow would be truncated below.
        FileChannel lockFile = SafeFiles.openPrivate(socket.resolveSibling(socket.getFileName() + ".lock"),
                StandardOpenOption.WRITE);
        FileLock lock = null;
        try {
            try {
                lock = lockFile.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM
            }
            if (lock == null) {
                throw new AlreadyRunningException(socket, "its lock file is held");
            }
            removeStale(socket);
            ServerSocketChannel channel = bindPrivately(socket, dir, backlog);
            try {
                lockFile.truncate(0).write(StandardCharsets.US_ASCII.encode(ProcessHandle.current().pid() + "\n"));
            } catch (IOException full) {
                // The PID in the lock file is for people; the lock is what counts. A full disk must not stop the daemon.
            }
            return new Bound(channel, lockFile, lock);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.release();
            }
            lockFile.close();
            throw e;
        }
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        }
    }

    private static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!"socket".equals(fileType(socket))) {
            throw new FileAlreadyExistsException(socket.toString(), null,
                    "exists and is not a socket; remove it or choose another --socket");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            throw new AlreadyRunningException(socket, "it accepted a connection");
        } catch (AlreadyRunningException e) {
            throw e;
        } catch (IOException refused) {
            // Nobody listens: a dead daemon's socket file.
            Files.deleteIfExists(socket);
        }
    }

    private static ServerSocketChannel bindPrivately(Path socket, Path dir, int backlog) throws IOException {
        Path scratch = dir.resolve(".vigil-bind-" + ProcessHandle.current().pid());
        deleteScratch(scratch);
        Files.createDirectory(scratch, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        Path temporary = scratch.resolve("s");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(temporary), backlog);
            Files.setPosixFilePermissions(temporary, OWNER_ONLY_SOCKET);
            Files.move(temporary, socket, StandardCopyOption.ATOMIC_MOVE);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot create the control socket " + socket + ": " + e.getMessage()
                    + (socket.toString().length() > 100 ? " (Unix socket paths are limited to 107 bytes; use a shorter --state-dir or --socket)" : ""), e);
        } finally {
            deleteScratch(scratch);
        }
    }

    private static void deleteScratch(Path scratch) throws IOException {
        if (Files.isDirectory(scratch, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(scratch.resolve("s"));
            Files.delete(scratch);
        }
    }

    private static String fileType(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0140000 ? "socket" : "other";
    }
}
