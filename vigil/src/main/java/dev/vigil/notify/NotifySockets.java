package dev.vigil.notify;

import dev.vigil.config.ProcessSpec;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Opens per-process notify sockets (systemd's NOTIFY_SOCKET protocol) for processes whose spec
 * wants one. Implementations are thread-safe.
 */
public interface NotifySockets {

    /**
     * Opens a fresh socket for one start of a process. Datagrams that pass the access check are
     * parsed and handed to {@code sink} (from a receiver thread); descriptors received with them
     * are always closed.
     *
     * @throws IOException when the socket cannot be created; the start then fails with that reason
     */
    NotifyEndpoint open(String service, ProcessSpec spec, Consumer<NotifyDatagram> sink) throws IOException;
}
