package dev.vigil.config;

import java.util.Optional;

/**
 * The identity a process is started with ({@code user} and/or {@code group}).
 *
 * @param uid        the user id, or empty to keep the daemon's
 * @param gid        the group id (the {@code group} key, else the user's primary group), or empty
 * @param userName   the user's name when the database knows it: supplementary groups are then the
 *                   user's own ({@code initgroups}); without a name (a bare uid) they are cleared
 * @param home       the user's home directory, exported as HOME unless {@code env} sets it
 */
public record RunAs(Optional<Integer> uid, Optional<Integer> gid, Optional<String> userName, Optional<String> home) {
}
