package dev.vigil.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names a user for the permission-denied error: the JDK's {@code UnixDomainPrincipal} gives the
 * user's name (or the uid as text when it has none), so the uid is looked up in
 * {@code /etc/passwd}. Only used on the refusal path.
 */
final class PeerUsers {

    record Described(String text, Map<String, Object> data) {
    }

    private PeerUsers() {
    }

    static Described describe(UserPrincipal user) {
        String name = user.getName();
        Long uid = name.chars().allMatch(Character::isDigit) && !name.isEmpty() ? Long.valueOf(name) : uidOf(name);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("uid", uid);
        data.put("user", name);
        String text = uid == null ? "user " + name
                : String.valueOf(uid).equals(name) ? "uid " + uid
                : "uid " + uid + " (" + name + ")";
        return new Described(text, data);
    }

    private static Long uidOf(String name) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/passwd"));
            for (String line : lines) {
                String[] f = line.split(":", -1);
                if (f.length > 2 && f[0].equals(name)) {
                    return Long.valueOf(f[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No passwd entry to read: the name alone will do.
        }
        return null;
    }
}
