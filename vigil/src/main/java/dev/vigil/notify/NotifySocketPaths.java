package dev.vigil.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Where a process's notify socket lives: {@code <dir>/<service>.<process>.notify}, readable by
 * an operator who lists the directory.
 *
 * <p>A Unix socket address holds at most 107 path bytes (sun_path is 108 with its NUL). When the
 * readable name does not fit, or a name has characters that do not belong in a file name, the
 * socket is {@code <dir>/n-<16 hex digits>.notify}, the digits from SHA-256 of service and
 * process, so it is still stable per process and distinct between processes. When even that does
 * not fit, the directory is too deep and opening fails naming it.
 */
final class NotifySocketPaths {

    static final int MAX_PATH_BYTES = Libc.SUN_PATH_SIZE - 1;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private NotifySocketPaths() {}

    /**
     * @param dir an absolute directory
     * @throws IOException when even the short name does not fit in sun_path
     */
    static Path pathFor(Path dir, String service, String process) throws IOException {
        if (PLAIN_NAME.matcher(service).matches() && PLAIN_NAME.matcher(process).matches()) {
            Path readable = dir.resolve(service + "." + process + ".notify");
            if (fits(readable)) {
                return readable;
            }
        }
        Path hashed = dir.resolve("n-" + shortHash(service + "\0" + process) + ".notify");
        if (!fits(hashed)) {
            throw new IOException("notify socket directory " + dir + " is too long: a Unix socket path holds at most "
                    + MAX_PATH_BYTES + " bytes, and " + hashed + " has " + bytes(hashed));
        }
        return hashed;
    }

    private static boolean fits(Path path) {
        return bytes(path) <= MAX_PATH_BYTES;
    }

    private static int bytes(Path path) {
        return path.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
