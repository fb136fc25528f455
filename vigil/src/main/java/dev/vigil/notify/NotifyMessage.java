package dev.vigil.notify;

/**
 * One understood assignment from a notify datagram (systemd's protocol; a datagram may carry
 * several, one per line). Unknown keys are dropped by the parser, not represented here.
 */
public sealed interface NotifyMessage {

    /** {@code READY=1}. */
    record Ready() implements NotifyMessage {}

    /** {@code RELOADING=1}. */
    record Reloading() implements NotifyMessage {}

    /** {@code STOPPING=1}. */
    record Stopping() implements NotifyMessage {}

    /** {@code STATUS=...}: a one-line status shown in list/status. */
    record Status(String text) implements NotifyMessage {}

    /** {@code WATCHDOG=1}: the keep-alive ping. */
    record WatchdogPing() implements NotifyMessage {}

    /** {@code WATCHDOG=trigger}: the service asks to be treated as a missed watchdog now. */
    record WatchdogTrigger() implements NotifyMessage {}

    /** {@code WATCHDOG_USEC=N}: a new watchdog interval from now on. */
    record WatchdogUsec(long micros) implements NotifyMessage {}

    /** {@code EXTEND_TIMEOUT_USEC=N}: the current start or stop may take this much longer from now. */
    record ExtendTimeout(long micros) implements NotifyMessage {}

    /** {@code MAINPID=N}. */
    record MainPid(long pid) implements NotifyMessage {}

    /** {@code ERRNO=N}. */
    record Errno(int errno) implements NotifyMessage {}

    /** {@code BARRIER=1}: answered by closing the received descriptor (the receiver does that). */
    record Barrier() implements NotifyMessage {}
}
