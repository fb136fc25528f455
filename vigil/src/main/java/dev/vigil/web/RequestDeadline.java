package dev.vigil.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose first request has not arrived whole within the deadline. The idle
 * timeout alone does not stop a slowloris client: one header byte every few seconds keeps a
 * connection "active" forever, and enough of them use up {@code max_connections}. With this, such
 * a client holds a connection (never a thread) for at most the deadline.
 */
final class RequestDeadline implements Connection.Listener {

    private final Scheduler scheduler;
    private final Duration deadline;
    private final Map<Connection, Scheduler.Task> pending = new ConcurrentHashMap<>();

    RequestDeadline(Scheduler scheduler, Duration deadline) {
        this.scheduler = scheduler;
        this.deadline = deadline;
    }

    @Override
    public void onOpened(Connection connection) {
        pending.put(connection, scheduler.schedule(() -> expire(connection), deadline.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public void onClosed(Connection connection) {
        Scheduler.Task task = pending.remove(connection);
        if (task != null) {
            task.cancel();
        }
    }

    private void expire(Connection connection) {
        pending.remove(connection);
        if (connection.getMessagesIn() == 0) {
            connection.getEndPoint().close();
        }
    }
}
