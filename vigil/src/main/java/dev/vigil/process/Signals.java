package dev.vigil.process;

/** kill(2) through FFM: no helper process per signal. "No such process" is not an error. */
public final class Signals {
    private Signals() {
    }

    /** kill(-pgid, signal). @return false when the group no longer exists */
    public static boolean sendToGroup(long pgid, int signal) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        return send(-pgid, signal);
    }

    /** kill(pid, signal). @return false when the process no longer exists */
    public static boolean send(long pid, int signal) {
        if (pid == 0 || pid == -1 || pid == 1) {
            throw new IllegalArgumentException("refusing to signal pid " + pid + " (it would reach more than one process)");
        }
        if (Libc.kill(pid, signal) == 0) {
            return true;
        }
        int errno = Libc.errno();
        if (errno == Libc.ESRCH) {
            return false;
        }
        throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed: " + Libc.strerror(errno));
    }
}
