package dev.vigil.supervise;

import dev.vigil.config.DegradedAction;
import dev.vigil.notify.NotifyMessage;
import dev.vigil.supervise.ProcessSlot.Phase;
import java.util.Optional;

/**
 * systemd's notify protocol in the core: READY=1 opens the start gate of a notify process,
 * WATCHDOG=1 pushes its watchdog deadline, a missed deadline (or WATCHDOG=trigger) degrades and
 * then acts by {@code on_degraded}, WATCHDOG_USEC= changes the interval, EXTEND_TIMEOUT_USEC=
 * pushes the current start or stop deadline, STATUS= is kept for display, and the rest is
 * recorded as events.
 */
final class NotifyRules {
    private NotifyRules() {
    }

    static void datagram(Step s, Event.Notify notify) {
        ProcessSlot slot = s.ctx.process(notify.process());
        if (slot == null || slot.instance() != notify.instance() || slot.pid() == 0
                || !(slot.phase() == Phase.UP || slot.phase() == Phase.STOPPING || slot.phase() == Phase.KILLED)) {
            return;
        }
        for (NotifyMessage message : notify.datagram().messages()) {
            one(s, slot.name(), message);
        }
        Gates.settle(s);
    }

    private static void one(Step s, String name, NotifyMessage message) {
        ProcessSlot slot = s.ctx.process(name);
        boolean up = slot.phase() == Phase.UP;
        switch (message) {
            case NotifyMessage.Ready ready -> {
                if (!slot.ready()) {
                    s.process(slot.withReady());
                    record(s, name, "READY", "1");
                }
            }
            case NotifyMessage.Status status -> {
                s.process(slot.withStatus(status.text()));
                s.emit(new SupervisorEvent.NotifyStatus(s.service(), name, status.text()));
            }
            case NotifyMessage.WatchdogPing ping -> {
                if (up && slot.watchdogNanos() > 0) {
                    s.schedule(new TimerKey.Watchdog(name, slot.instance()), s.now + slot.watchdogNanos());
                    if (slot.watchdogMissed()) {
                        s.process(slot.withWatchdog(slot.watchdogNanos(), false, ""));
                    }
                }
            }
            case NotifyMessage.WatchdogTrigger trigger -> {
                if (up && s.up()) {
                    missed(s, name, "WATCHDOG=trigger");
                }
            }
            case NotifyMessage.WatchdogUsec usec -> {
                long interval = Math.multiplyExact(Math.max(0, usec.micros()), 1_000L);
                s.process(slot.withWatchdog(interval, slot.watchdogMissed(), slot.note()));
                if (up && interval > 0) {
                    s.schedule(new TimerKey.Watchdog(name, slot.instance()), s.now + interval);
                } else if (up) {
                    s.cancel(new TimerKey.Watchdog(name, slot.instance())); // 0 turns the watchdog off
                }
                record(s, name, "WATCHDOG_USEC", Long.toString(usec.micros()));
            }
            case NotifyMessage.ExtendTimeout extend -> extend(s, slot, extend.micros());
            case NotifyMessage.MainPid mainPid -> record(s, name, "MAINPID", Long.toString(mainPid.pid()));
            case NotifyMessage.Errno errno -> record(s, name, "ERRNO", Integer.toString(errno.errno()));
            case NotifyMessage.Stopping stopping -> record(s, name, "STOPPING", "1");
            case NotifyMessage.Reloading reloading -> record(s, name, "RELOADING", "1");
            case NotifyMessage.Barrier barrier -> { } // answered by the receiver closing the descriptor
        }
    }

    private static void extend(Step s, ProcessSlot slot, long micros) {
        long wanted = s.now + Math.multiplyExact(Math.max(0, micros), 1_000L);
        String name = slot.name();
        if (slot.phase() == Phase.UP && !slot.open() && slot.deadlineNanos() > 0 && wanted > slot.deadlineNanos()) {
            s.process(slot.withDeadline(wanted));
            s.schedule(new TimerKey.StartDeadline(name, slot.instance()), wanted);
        } else if (slot.phase() == Phase.STOPPING && slot.deadlineNanos() > 0 && wanted > slot.deadlineNanos()) {
            s.process(slot.withDeadline(wanted));
            s.schedule(new TimerKey.StopDeadline(name, slot.instance()), wanted);
            if (s.state instanceof ServiceState.Stopping stopping && wanted > stopping.deadlineNanos()) {
                s.moveTo(new ServiceState.Stopping(wanted, stopping.then()));
            }
        }
        record(s, name, "EXTEND_TIMEOUT_USEC", Long.toString(micros));
    }

    static void watchdogExpired(Step s, TimerKey.Watchdog key) {
        ProcessSlot slot = s.ctx.process(key.process());
        if (!s.up() || slot == null || slot.instance() != key.instance() || slot.phase() != Phase.UP
                || slot.watchdogNanos() == 0) {
            return;
        }
        missed(s, slot.name(), "no WATCHDOG=1 within " + Durations.human(slot.watchdogNanos()));
        Gates.settle(s);
    }

    private static void missed(Step s, String name, String why) {
        ProcessSlot slot = s.ctx.process(name);
        s.process(slot.withWatchdog(slot.watchdogNanos(), true, name + ": watchdog missed: " + why));
        s.emit(new SupervisorEvent.WatchdogMissed(s.service(), name, Durations.millis(slot.watchdogNanos()), why));
        if (s.ctx.spec().onDegraded() == DegradedAction.RESTART) {
            Remedy.restart(s, Optional.of(name), name + ": watchdog missed: " + why, Optional.empty());
        }
    }

    private static void record(Step s, String name, String key, String value) {
        s.emit(new SupervisorEvent.NotifyReceived(s.service(), name, key, value));
    }
}
