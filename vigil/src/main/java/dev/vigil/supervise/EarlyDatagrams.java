package dev.vigil.supervise;

import dev.vigil.notify.NotifyDatagram;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps a process's notify datagrams in order behind its start. The launch runs on an effect lane
 * and its start reaches the supervisor as a posted message; a quick process can send READY=1
 * before that message is posted, and the core drops a datagram of a process whose pid it does not
 * know yet. So datagrams that arrive before the start is posted are held, and delivered by the
 * start's own message right after the start; later ones are posted directly, after it.
 *
 * <p>Thread-safe: the receiver thread offers datagrams, the lane posts the start.
 */
final class EarlyDatagrams {
    /** A quick process says a few things before it is known; more than this is dropped. */
    private static final int HOLD_AT_MOST = 64;

    private List<NotifyDatagram> held = new ArrayList<>();

    /** Holds {@code datagram} while the start is not posted yet; else hands it to {@code post}. */
    synchronized void offer(NotifyDatagram datagram, Consumer<NotifyDatagram> post) {
        if (held == null) {
            post.accept(datagram);
        } else if (held.size() < HOLD_AT_MOST) {
            held.add(datagram);
        }
    }

    /**
     * Runs {@code postStart} with the datagrams held so far (it must post them with the start, in
     * one message); from then on every datagram is posted directly, after that message.
     */
    synchronized void release(Consumer<List<NotifyDatagram>> postStart) {
        List<NotifyDatagram> early = held;
        held = null;
        postStart.accept(early == null ? List.of() : List.copyOf(early));
    }
}
