package dev.vigil.supervise;

import dev.vigil.config.DegradedAction;
import dev.vigil.config.Durations;
import dev.vigil.notify.NotifyMessage;
import java.util.Optional;
import java.util.OptionalLong;

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
        if (slot == null || slot.instance() != notify.instance()) {
            return;
        }
        boolean listening = switch (slot.phase()) {
            case ProcessSlot.Up up -> true;
            case ProcessSlot.Stopping stopping -> true;
            case ProcessSlot.Killed killed -> true;
            // No pid yet, or gone: nothing this start says can be attributed any more.
            case ProcessSlot.Spawning spawning -> false;
            case ProcessSlot.SpawningToStop toStop -> false;
            case ProcessSlot.Sweeping sweeping -> false;
            case ProcessSlot.Down down -> false;
            case ProcessSlot.Waiting waiting -> false;
        };
        if (!listening) {
            return;
        }
        for (NotifyMessage message : notify.datagram().messages()) {
            one(s, slot.name(), message);
        }
        Gates.settle(s);
    }

    private static void one(Step s, String name, NotifyMessage message) {
        ProcessSlot slot = s.ctx.process(name);
        Optional<ProcessSlot.Up> up = slot.phase() instanceof ProcessSlot.Up u ? Optional.of(u) : Optional.empty();
        switch (message) {
            case NotifyMessage.Ready ready -> {
                if (up.isPresent() && up.get().gate() instanceof ProcessSlot.Gate.Closed closed && !closed.ready()) {
                    s.process(slot.in(withGate(up.get(), new ProcessSlot.Gate.Closed(true, closed.deadlineNanos()))));
                    record(s, name, "READY", "1");
                }
            }
            case NotifyMessage.Status status -> {
                s.process(slot.withStatus(status.text()));
                s.emit(new SupervisorEvent.NotifyStatus(s.service(), name, status.text()));
            }
            case NotifyMessage.WatchdogPing ping -> up.filter(u -> u.watchdog().armed()).ifPresent(u -> {
                s.schedule(new TimerKey.Watchdog(name, slot.instance()), s.now + u.watchdog().intervalNanos());
                if (u.watchdog().missed().isPresent()) {
                    s.process(slot.in(withWatchdog(u, new ProcessSlot.Watchdog(u.watchdog().intervalNanos(),
                            Optional.empty()))));
                }
            });
            case NotifyMessage.WatchdogTrigger trigger -> {
                if (up.isPresent() && s.up()) {
                    missed(s, name, "WATCHDOG=trigger");
                }
            }
            case NotifyMessage.WatchdogUsec usec -> {
                long interval = Math.multiplyExact(Math.max(0, usec.micros()), 1_000L);
                up.ifPresent(u -> {
                    s.process(slot.in(withWatchdog(u, new ProcessSlot.Watchdog(interval, u.watchdog().missed()))));
                    if (interval > 0) {
                        s.schedule(new TimerKey.Watchdog(name, slot.instance()), s.now + interval);
                    } else {
                        s.cancel(new TimerKey.Watchdog(name, slot.instance())); // 0 turns the watchdog off
                    }
                });
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

    /** EXTEND_TIMEOUT_USEC= pushes the start deadline of a gated process or the kill deadline of a stopping one. */
    private static void extend(Step s, ProcessSlot slot, long micros) {
        long wanted = s.now + Math.multiplyExact(Math.max(0, micros), 1_000L);
        String name = slot.name();
        switch (slot.phase()) {
            case ProcessSlot.Up up -> {
                if (up.gate() instanceof ProcessSlot.Gate.Closed closed && closed.deadlineNanos().isPresent()
                        && wanted > closed.deadlineNanos().getAsLong()) {
                    s.process(slot.in(withGate(up, new ProcessSlot.Gate.Closed(closed.ready(), OptionalLong.of(wanted)))));
                    s.schedule(new TimerKey.StartDeadline(name, slot.instance()), wanted);
                }
            }
            case ProcessSlot.Stopping st -> {
                if (wanted > st.deadlineNanos()) {
                    s.process(slot.in(new ProcessSlot.Stopping(st.pid(), st.pgid(), st.startedNanos(), wanted,
                            st.purpose(), st.note())));
                    s.schedule(new TimerKey.StopDeadline(name, slot.instance()), wanted);
                    if (s.state instanceof ServiceState.Stopping stopping && wanted > stopping.deadlineNanos()) {
                        s.moveTo(new ServiceState.Stopping(wanted, stopping.then()));
                    }
                }
            }
            // Killed already, or no deadline to push.
            case ProcessSlot.Killed killed -> { }
            case ProcessSlot.Spawning spawning -> { }
            case ProcessSlot.SpawningToStop toStop -> { }
            case ProcessSlot.Sweeping sweeping -> { }
            case ProcessSlot.Down down -> { }
            case ProcessSlot.Waiting waiting -> { }
        }
        record(s, name, "EXTEND_TIMEOUT_USEC", Long.toString(micros));
    }

    static void watchdogExpired(Step s, TimerKey.Watchdog key) {
        ProcessSlot slot = s.ctx.process(key.process());
        if (!s.up() || slot == null || slot.instance() != key.instance()
                || !(slot.phase() instanceof ProcessSlot.Up up) || !up.watchdog().armed()) {
            return;
        }
        missed(s, slot.name(), "no WATCHDOG=1 within " + Durations.human(up.watchdog().intervalNanos()));
        Gates.settle(s);
    }

    /** Marks the watchdog of a running process missed; acts by on_degraded. */
    private static void missed(Step s, String name, String why) {
        ProcessSlot slot = s.ctx.process(name);
        ProcessSlot.Up up = (ProcessSlot.Up) slot.phase();
        long interval = up.watchdog().intervalNanos();
        s.process(slot.in(withWatchdog(up, new ProcessSlot.Watchdog(interval,
                Optional.of(name + ": watchdog missed: " + why)))));
        s.emit(new SupervisorEvent.WatchdogMissed(s.service(), name, Durations.millis(interval), why));
        if (s.ctx.spec().onDegraded() == DegradedAction.RESTART) {
            Remedy.restart(s, Optional.of(name), name + ": watchdog missed: " + why, Optional.empty());
        }
    }

    private static ProcessSlot.Up withGate(ProcessSlot.Up up, ProcessSlot.Gate gate) {
        return new ProcessSlot.Up(up.pid(), up.pgid(), up.startedNanos(), gate, up.watchdog());
    }

    private static ProcessSlot.Up withWatchdog(ProcessSlot.Up up, ProcessSlot.Watchdog watchdog) {
        return new ProcessSlot.Up(up.pid(), up.pgid(), up.startedNanos(), up.gate(), watchdog);
    }

    private static void record(Step s, String name, String key, String value) {
        s.emit(new SupervisorEvent.NotifyReceived(s.service(), name, key, value));
    }
}
