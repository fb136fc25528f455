package dev.vigil.notify;

import dev.vigil.config.ProcessSpec;
import dev.vigil.files.SafeFiles;
import dev.vigil.json.Json;
import dev.vigil.process.ProcessInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Real notify sockets: AF_UNIX datagram sockets with SO_PASSCRED (through the FFM API), one per
 * process start, at {@code <socketDir>/<service>.<process>.notify} (see {@link NotifySocketPaths}
 * for the short-name fallback), mode 0600, removed on close.
 *
 * <p>The endpoint's environment has {@code NOTIFY_SOCKET} (the absolute path) and, when the spec
 * has a watchdog, {@code WATCHDOG_USEC}. It has no {@code WATCHDOG_PID}: that must be the main
 * pid, which is unknown before the spawn (systemd sets it after fork), and a wrong value makes
 * {@code sd_watchdog_enabled()} tell the service it has no watchdog. Without it, libsystemd
 * clients take WATCHDOG_USEC as meant for whichever process reads it.
 *
 * <p>Datagrams the access check or the parser drops are reported to the drop listener, one
 * {@link NotifyDrop} each; the daemon passes its event sink, which writes the structured log
 * line. The one-argument constructor logs them through {@link System.Logger} instead.
 *
 * <p>Permissions: the directory is created 0700 when missing, so the moment between bind(2)
 * (which creates the file with the process umask) and chmod 0600 exposes nothing. Thread-safe.
 */
public final class UnixNotifySockets implements NotifySockets {

    private static final System.Logger LOG = System.getLogger(UnixNotifySockets.class.getName());
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path socketDir;
    private final Consumer<? super NotifyDrop> drops;
    private final UnixDatagramSocket.SenderLookup groups;
    private final Set<Path> open = ConcurrentHashMap.newKeySet();

    /** Sockets in {@code socketDir}; drops are logged through System.Logger. */
    public UnixNotifySockets(Path socketDir, ProcessInspector inspector) {
        this(socketDir, inspector, UnixNotifySockets::log);
    }

    /**
     * @param socketDir where socket files go (created 0700 if missing); relative paths are made absolute
     * @param inspector tells a sender's process group (notify_access=all)
     * @param drops     receives one {@link NotifyDrop} per dropped datagram or assignment, on a
     *                  receiver thread; must not block
     */
    public UnixNotifySockets(Path socketDir, ProcessInspector inspector, Consumer<? super NotifyDrop> drops) {
        this.socketDir = socketDir.toAbsolutePath().normalize();
        this.drops = drops;
        this.groups = UnixDatagramSocket.SenderLookup.processGroupIn(inspector);
    }

    /**
     * @throws IOException when the directory cannot be made, the path does not fit in sun_path,
     *                     a non-socket file is in the way, the same process already has an open
     *                     socket here, or a socket call fails (named, with errno)
     */
    @Override
    public NotifyEndpoint open(String service, ProcessSpec spec, Consumer<NotifyDatagram> sink) throws IOException {
        Path path = NotifySocketPaths.pathFor(socketDir, service, spec.name());
        if (!open.add(path)) {
            throw new IOException("notify socket " + path + " is still open for an earlier start of "
                    + service + "/" + spec.name() + "; close that endpoint first");
        }
        try {
            return bindAt(path, service, spec, sink);
        } catch (IOException | RuntimeException e) {
            open.remove(path);
            throw e;
        }
    }

    private NotifyEndpoint bindAt(Path path, String service, ProcessSpec spec, Consumer<NotifyDatagram> sink)
            throws IOException {
        SafeFiles.privateDirectory(socketDir);
        removeStaleSocket(path);
        UnixDatagramSocket socket = UnixDatagramSocket.bind(path.toString());
        Object inode;
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            inode = Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            socket.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return new UnixNotifyEndpoint(service, spec.name(), spec.notifyAccess(), socket,
                environment(path, spec), sink, drops, groups, () -> removeOwnSocket(path, inode));
    }

    static Map<String, String> environment(Path path, ProcessSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NOTIFY_SOCKET", path.toString());
        spec.watchdog().ifPresent(interval -> env.put("WATCHDOG_USEC", Long.toString(interval.toNanos() / 1_000)));
        return env;
    }

    /** A socket left by a daemon that died without closing is in the way of bind(2). */
    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IOException("cannot create notify socket " + path + ": a file that is not a socket is in the way");
        }
        Files.delete(path);
    }

    /** Removes the file only if it is still the socket this endpoint bound, then frees the name. */
    private void removeOwnSocket(Path path, Object inode) {
        try {
            if (inode.equals(Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS))) {
                Files.delete(path);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // Already gone (an operator cleaned up): nothing to remove.
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove notify socket " + path + ": " + e.getMessage());
        } finally {
            open.remove(path);
        }
    }

    private static void log(NotifyDrop drop) {
        LOG.log(System.Logger.Level.WARNING, "{\"event\":\"notify_dropped\",\"service\":" + Json.write(drop.service())
                + ",\"process\":" + Json.write(drop.process()) + ",\"sender_pid\":" + drop.senderPid()
                + ",\"reason\":" + Json.write(drop.fields().get("reason").toString()) + ",\"detail\":" + Json.write(drop.detail()) + "}");
    }
}
