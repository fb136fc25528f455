package dev.vigil.supervise;

import dev.vigil.config.ProcessSpec;
import dev.vigil.notify.NotifyDatagram;
import dev.vigil.notify.NotifyEndpoint;
import dev.vigil.notify.NotifySockets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Notify "sockets" the test writes datagrams to by hand. */
final class FakeNotifySockets implements NotifySockets {
    final List<FakeEndpoint> endpoints = new CopyOnWriteArrayList<>();

    @Override
    public NotifyEndpoint open(String service, ProcessSpec spec, Consumer<NotifyDatagram> sink) {
        FakeEndpoint e = new FakeEndpoint(service, spec.name(), sink, endpoints.size());
        endpoints.add(e);
        return e;
    }

    FakeEndpoint last() {
        return endpoints.getLast();
    }

    static final class FakeEndpoint implements NotifyEndpoint {
        final String service;
        final String process;
        final Consumer<NotifyDatagram> sink;
        final int number;
        volatile long attachedPid;
        volatile boolean closed;

        FakeEndpoint(String service, String process, Consumer<NotifyDatagram> sink, int number) {
            this.service = service;
            this.process = process;
            this.sink = sink;
            this.number = number;
        }

        @Override
        public Map<String, String> environment() {
            return Map.of("NOTIFY_SOCKET", "/state/notify/" + service + "-" + process + "-" + number + ".sock");
        }

        @Override
        public void attach(long pid, long pgid) {
            attachedPid = pid;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
