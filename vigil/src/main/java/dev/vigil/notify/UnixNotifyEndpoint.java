package dev.vigil.notify;

import dev.vigil.config.NotifyAccess;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One notify socket for one start of one process, with its receiver thread.
 *
 * <p>The receiver is a platform daemon thread blocked in recvmsg(2) (idle threads cost a small
 * stack and no CPU; a virtual thread would pin its carrier in the native call). {@link #close()}
 * wakes it with shutdown(2), which Linux delivers to a blocked datagram receiver at once, waits
 * for it to end, and only then is the descriptor closed, by the receiver itself, so no thread
 * can ever block on a descriptor number that was closed and reused.
 *
 * <p>Datagrams that arrive before {@link #attach} (a fast child may be ready before the launcher
 * returns) are kept, up to {@value #BACKLOG_LIMIT}, with the sender's process group read on
 * arrival, and judged on attach in arrival order. Sink and drop callbacks run on the receiver
 * thread (or the attaching thread, for the backlog) under this endpoint's lock, one at a time
 * and in order; they must hand work off and return quickly.
 */
final class UnixNotifyEndpoint implements NotifyEndpoint {

    static final int BACKLOG_LIMIT = 64;
    private static final long JOIN_MILLIS = 5_000;
    private static final System.Logger LOG = System.getLogger(UnixNotifyEndpoint.class.getName());

    private final String service;
    private final String process;
    private final NotifyAccess access;
    private final UnixDatagramSocket socket;
    private final Map<String, String> environment;
    private final Consumer<NotifyDatagram> sink;
    private final Consumer<? super NotifyDrop> drops;
    private final Runnable onClose;
    private final Thread receiver;
    private final UnixDatagramSocket.SenderLookup senderLookup;

    private final Object lock = new Object();
    private final ArrayDeque<Arrival> backlog = new ArrayDeque<>();
    private boolean attached;
    private long mainPid;
    private long processGroup;
    private long announcedPid;
    private final AtomicBoolean closing = new AtomicBoolean();

    /** A datagram that passed parsing, as it arrived. */
    private record Arrival(long senderPid, int senderUid, OptionalLong senderGroup, NotifyParse.Parsed parsed) {}

    /**
     * Takes ownership of {@code socket} and starts receiving.
     *
     * @param groups  finds a sender's process group (used for notify_access=all only)
     * @param onClose runs once on close, after the receiver ended (removes the socket file)
     */
    UnixNotifyEndpoint(String service, String process, NotifyAccess access, UnixDatagramSocket socket,
                       Map<String, String> environment, Consumer<NotifyDatagram> sink,
                       Consumer<? super NotifyDrop> drops, UnixDatagramSocket.SenderLookup groups, Runnable onClose) {
        this.service = service;
        this.process = process;
        this.access = access;
        this.socket = socket;
        this.environment = Map.copyOf(environment);
        this.sink = sink;
        this.drops = drops;
        this.onClose = onClose;
        this.senderLookup = access == NotifyAccess.ALL ? groups : UnixDatagramSocket.SenderLookup.NONE;
        this.receiver = Thread.ofPlatform()
                .name("vigil-notify-" + service + "/" + process)
                .daemon(true)
                .stackSize(256 * 1024)
                .unstarted(this::receiveLoop);
        receiver.start();
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    /** @throws IllegalStateException when attached before to another process */
    @Override
    public void attach(long pid, long pgid) {
        if (pid <= 0 || pgid <= 0) {
            throw new IllegalArgumentException("attach(" + pid + ", " + pgid + "): pid and pgid must be > 0");
        }
        synchronized (lock) {
            if (attached && (mainPid != pid || processGroup != pgid)) {
                throw new IllegalStateException("notify socket of " + service + "/" + process
                        + " is attached to pid " + mainPid + ", not " + pid);
            }
            attached = true;
            mainPid = pid;
            processGroup = pgid;
            while (!backlog.isEmpty()) {
                admit(backlog.poll());
            }
        }
    }

    /** Stops receiving and removes the socket file. Idempotent; waits at most 5 s for the receiver. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        socket.shutdown();
        if (Thread.currentThread() != receiver) {
            try {
                receiver.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (receiver.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "notify receiver of " + service + "/" + process
                        + " did not stop within " + JOIN_MILLIS + " ms; it closes its socket when it does");
            }
        }
        onClose.run();
    }

    /** True while the receiver thread runs (for tests of close). */
    boolean receiving() {
        return receiver.isAlive();
    }

    private void receiveLoop() {
        try (UnixDatagramSocket owned = socket;
             UnixDatagramSocket.ReceiveBuffer buffer = new UnixDatagramSocket.ReceiveBuffer(NotifyMessageParser.MAX_DATAGRAM_BYTES)) {
            while (!closing.get()) {
                UnixDatagramSocket.Received received = owned.receive(buffer, senderLookup);
                if (received.isEndOfStream()) {
                    return;
                }
                handle(received);
            }
        } catch (IOException | RuntimeException e) {
            // recvmsg on a bound datagram socket fails only on resource exhaustion or a bug; the
            // supervisor sees no more messages (a notify start then times out) and this says why.
            LOG.log(System.Logger.Level.ERROR, "notify receiver of " + service + "/" + process + " stopped", e);
        }
    }

    private void handle(UnixDatagramSocket.Received received) {
        if (received.controlTruncated()) {
            LOG.log(System.Logger.Level.WARNING, "notify datagram from pid " + received.senderPid() + " to "
                    + service + "/" + process + " carried more ancillary data than fits; the kernel discarded the rest");
        }
        NotifyParse parse = received.truncated()
                ? NotifyMessageParser.oversized(received.length())
                : NotifyMessageParser.parse(received.payload());
        switch (parse) {
            case NotifyParse.Garbage garbage -> drop(received.senderPid(), garbage.reason(), garbage.detail());
            case NotifyParse.Parsed parsed -> {
                if (parsed.messages().isEmpty() && parsed.problems().isEmpty()) {
                    return;
                }
                // The group was read on arrival: a sender that exits right after sending must not be
                // judged later by whatever process reuses its pid.
                Arrival arrival = new Arrival(received.senderPid(), received.senderUid(), received.senderGroup(), parsed);
                synchronized (lock) {
                    if (attached) {
                        admit(arrival);
                    } else if (backlog.size() < BACKLOG_LIMIT) {
                        backlog.add(arrival);
                    } else {
                        drop(arrival.senderPid(), NotifyDrop.Reason.BACKLOG_FULL,
                                BACKLOG_LIMIT + " datagrams arrived before the process was attached");
                    }
                }
            }
        }
    }

    /** Judges one arrival against notify_access and delivers it. Caller holds the lock. */
    private void admit(Arrival arrival) {
        NotifyParse.Parsed parsed = arrival.parsed();
        NotifyAccessCheck.Verdict verdict = NotifyAccessCheck.check(access, mainPid, announcedPid, processGroup,
                arrival.senderPid(), arrival.senderGroup());
        switch (verdict) {
            case NotifyAccessCheck.Verdict.Denied denied -> {
                if (isBarrierOnly(parsed)) {
                    // systemd-notify's BARRIER=1 comes from its own pid; its descriptor is already
                    // closed, which is the whole answer. Not worth an operator's attention.
                    LOG.log(System.Logger.Level.DEBUG, "barrier from pid " + arrival.senderPid() + " answered");
                    return;
                }
                drop(arrival.senderPid(), NotifyDrop.Reason.ACCESS_DENIED, denied.why());
            }
            case NotifyAccessCheck.Verdict.Accepted accepted -> {
                for (String problem : parsed.problems()) {
                    drop(arrival.senderPid(), NotifyDrop.Reason.MALFORMED_ASSIGNMENT, problem);
                }
                lastMainPid(parsed.messages()).ifPresent(pid -> announcedPid = pid);
                if (!parsed.messages().isEmpty()) {
                    deliver(new NotifyDatagram(service, process, arrival.senderPid(), arrival.senderUid(),
                            parsed.messages()));
                }
            }
        }
    }

    private static boolean isBarrierOnly(NotifyParse.Parsed parsed) {
        return parsed.problems().isEmpty()
                && parsed.messages().stream().allMatch(m -> m instanceof NotifyMessage.Barrier);
    }

    private static Optional<Long> lastMainPid(List<NotifyMessage> messages) {
        Optional<Long> last = Optional.empty();
        for (NotifyMessage message : messages) {
            if (message instanceof NotifyMessage.MainPid(long pid)) {
                last = Optional.of(pid);
            }
        }
        return last;
    }

    private void deliver(NotifyDatagram datagram) {
        try {
            sink.accept(datagram);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "notify sink of " + service + "/" + process + " failed", e);
        }
    }

    private void drop(long senderPid, NotifyDrop.Reason reason, String detail) {
        try {
            drops.accept(new NotifyDrop(service, process, senderPid, reason, detail));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "notify drop listener of " + service + "/" + process + " failed", e);
        }
    }
}
