package dev.vigil.notify;

import java.util.Map;

/** One open notify socket, for one start of one process. Closing removes the socket file. */
public interface NotifyEndpoint extends AutoCloseable {

    /** The environment the process must get: NOTIFY_SOCKET, and WATCHDOG_USEC/WATCHDOG_PID when a watchdog is set. */
    Map<String, String> environment();

    /**
     * Tells the endpoint which process it serves, once launched: the main PID and its process
     * group, for {@code notify_access} (main: only {@code pid} or a MAINPID= it announced; all:
     * any process whose process group is {@code pgid}).
     */
    void attach(long pid, long pgid);

    @Override
    void close();
}
