package dev.vigil.notify;

import dev.vigil.config.NotifyAccess;
import java.util.OptionalLong;

/**
 * Whether a datagram's sender may speak for a process, per {@code notify_access}. Pure.
 *
 * <p>MAIN: the sender's pid (SCM_CREDENTIALS, checked by the kernel) is the main pid Vigil
 * started, or the pid that process announced with an accepted MAINPID=. A shell script that is
 * the main process and runs {@code systemd-notify --ready} passes: Debian's systemd-notify (as
 * root) sends with its parent's pid, the shell's. Run as another user, systemd-notify cannot
 * claim its parent's pid and sends with its own, which only ALL accepts.
 *
 * <p>ALL: the main pid, the announced pid, or any sender whose process group (read from
 * /proc/PID/stat when the datagram arrived) is the group Vigil started. A sender that exited
 * before its group could be read is refused: its membership cannot be shown.
 */
final class NotifyAccessCheck {

    private NotifyAccessCheck() {}

    /** Accepted, or denied with the reason for the log line. */
    sealed interface Verdict {
        record Accepted() implements Verdict {}

        record Denied(String why) implements Verdict {}
    }

    /**
     * @param mainPid      the pid Vigil started
     * @param announcedPid the last MAINPID= accepted, or 0
     * @param pgid         the process group Vigil started
     * @param senderPid    from SCM_CREDENTIALS, 0 if none came
     * @param senderGroup  the sender's process group when the datagram arrived, if known
     */
    static Verdict check(NotifyAccess access, long mainPid, long announcedPid, long pgid,
                         long senderPid, OptionalLong senderGroup) {
        if (senderPid <= 0) {
            return new Verdict.Denied("no sender credentials");
        }
        if (senderPid == mainPid || senderPid == announcedPid) {
            return new Verdict.Accepted();
        }
        String mainPids = announcedPid > 0 ? mainPid + " or " + announcedPid : Long.toString(mainPid);
        return switch (access) {
            case MAIN -> new Verdict.Denied("notify_access=main: sender pid " + senderPid
                    + " is not the main pid " + mainPids);
            case ALL -> {
                if (senderGroup.isEmpty()) {
                    yield new Verdict.Denied("notify_access=all: sender pid " + senderPid
                            + " exited before its process group could be read");
                }
                yield senderGroup.getAsLong() == pgid
                        ? new Verdict.Accepted()
                        : new Verdict.Denied("notify_access=all: sender pid " + senderPid + " is in process group "
                                + senderGroup.getAsLong() + ", not " + pgid);
            }
        };
    }
}
