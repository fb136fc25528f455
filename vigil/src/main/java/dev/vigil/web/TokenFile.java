package dev.vigil.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The bearer token of the HTTP API, kept in a file only its owner may read. JDK only: the CLI's
 * {@code vigil token} uses it without loading the HTTP server.
 *
 * <p>The daemon re-reads the file when it changes (so {@code vigil token} works without a
 * restart), and refuses a file that group or others may read or write: such a token is no secret.
 * Thread-safe.
 */
public final class TokenFile {

    /** What the file holds now. */
    public sealed interface State {
        record Usable(byte[] digest) implements State {}

        record Unusable(String why) implements State {}
    }

    private static final int TOKEN_BYTES = 32;
    private static final int MAX_FILE_BYTES = 4096;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path file;
    private volatile Cached cached = new Cached(null, -1, new State.Unusable("not read yet"));

    private record Cached(FileTime modified, long size, State state) {}

    public TokenFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /**
     * Creates the file with a fresh random token, mode 0600, unless it exists.
     *
     * @return true when it was created, false when it already existed (left as it is)
     */
    public static boolean createIfMissing(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        byte[] random = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(random);
        try {
            // Created with 0600 atomically: there is no moment at which others could read it.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
        return true;
    }

    /** The token's state, re-read when the file's time or size changed. */
    public State state() {
        try {
            var attributes = Files.readAttributes(file, java.nio.file.attribute.PosixFileAttributes.class);
            Cached c = cached;
            if (attributes.lastModifiedTime().equals(c.modified()) && attributes.size() == c.size()) {
                return c.state();
            }
            State state = read(attributes.permissions(), attributes.size());
            cached = new Cached(attributes.lastModifiedTime(), attributes.size(), state);
            return state;
        } catch (NoSuchFileException e) {
            return new State.Unusable("token file " + file + " does not exist; create it with `vigil token`");
        } catch (IOException e) {
            return new State.Unusable("token file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private State read(Set<PosixFilePermission> permissions, long size) throws IOException {
        if (!OWNER_ONLY.containsAll(permissions)) {
            return new State.Unusable("token file " + file + " is accessible to others ("
                    + PosixFilePermissions.toString(permissions) + "); chmod 600 it");
        }
        if (size > MAX_FILE_BYTES) {
            return new State.Unusable("token file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < 16) {
            return new State.Unusable("token file " + file + " holds fewer than 16 characters");
        }
        return new State.Usable(digest(token));
    }

    /**
     * Whether {@code presented} is the token. Compares SHA-256 digests with
     * {@link MessageDigest#isEqual} (constant time), so neither the content nor the length of the
     * token leaks through timing.
     */
    public static boolean matches(State.Usable expected, String presented) {
        return MessageDigest.isEqual(expected.digest(), digest(presented));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
