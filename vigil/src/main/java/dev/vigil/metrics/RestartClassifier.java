package dev.vigil.metrics;

import dev.vigil.event.VigilEvent;
import dev.vigil.process.ExitStatus;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the supervisor's typed events into "a restart happened, for this reason", once per restart.
 *
 * <ul>
 *   <li>{@code restart_scheduled} (the restart policy after an unexpected end): {@code signal} when
 *       the last unexpected exit of the service was by a signal, else {@code exit};</li>
 *   <li>{@code restart_triggered} (a probe or watchdog remedy): {@code watchdog} when that process
 *       missed its watchdog since it started, else {@code probe}; the stop and start it leads to
 *       are not counted again;</li>
 *   <li>a service going to STOPPING and from there straight to STARTING without either of the
 *       above: {@code manual} when an operator's restart was under way for it, {@code reload}
 *       when a reload was; a plain stop never reaches STARTING this way.</li>
 * </ul>
 *
 * <p>Not thread-safe: the owner serialises calls.
 */
final class RestartClassifier {

    private final Map<String, ExitStatus> lastUnexpectedExit = new HashMap<>();
    private final Set<String> watchdogMissed = new HashSet<>();
    private final Set<String> remedyUnderWay = new HashSet<>();
    private final Map<String, RestartReason> stopIntent = new HashMap<>();
    private final Map<String, Integer> manualPending = new HashMap<>();
    private int manualAll;
    private boolean reloading;

    /** An operator's restart of {@code service} (null = every service) began (true) or was answered (false). */
    void manualRestartRequested(String service, boolean pending) {
        if (service == null) {
            manualAll += pending ? 1 : -1;
        } else {
            manualPending.merge(service, pending ? 1 : -1, Integer::sum);
            manualPending.remove(service, 0);
        }
    }

    void reloading(boolean underWay) {
        reloading = underWay;
    }

    void forget(String service) {
        lastUnexpectedExit.remove(service);
        watchdogMissed.removeIf(k -> k.startsWith(service + "\u0000"));
        remedyUnderWay.remove(service);
        stopIntent.remove(service);
    }

    /** The restart this event completes, if it is one. */
    Optional<RestartReason> accept(VigilEvent event) {
        if (!(event instanceof SupervisorEvent e)) {
            return Optional.empty();
        }
        switch (e) {
            case SupervisorEvent.ProcessExited exited when !exited.expected() ->
                    lastUnexpectedExit.put(exited.service(), exited.status());
            case SupervisorEvent.WatchdogMissed missed -> watchdogMissed.add(key(missed.service(), missed.process()));
            case SupervisorEvent.ProcessStarted started -> {
                watchdogMissed.remove(key(started.service(), started.process()));
                remedyUnderWay.remove(started.service());
            }
            case SupervisorEvent.RestartScheduled scheduled -> {
                ExitStatus last = lastUnexpectedExit.remove(scheduled.service());
                return Optional.of(last instanceof ExitStatus.Signaled ? RestartReason.SIGNAL : RestartReason.EXIT);
            }
            case SupervisorEvent.RestartTriggered triggered -> {
                remedyUnderWay.add(triggered.service());
                boolean watchdog = triggered.process() != null
                        && watchdogMissed.remove(key(triggered.service(), triggered.process()));
                return Optional.of(watchdog ? RestartReason.WATCHDOG : RestartReason.PROBE);
            }
            case SupervisorEvent.ServiceStateChanged changed -> {
                return stateChanged(changed);
            }
            default -> { }
        }
        return Optional.empty();
    }

    private Optional<RestartReason> stateChanged(SupervisorEvent.ServiceStateChanged changed) {
        String service = changed.service();
        if (changed.to() == StateKind.STOPPING) {
            stopIntent.remove(service);
            if (!remedyUnderWay.remove(service)) {
                if (manualAll > 0 || manualPending.containsKey(service)) {
                    stopIntent.put(service, RestartReason.MANUAL);
                } else if (reloading) {
                    stopIntent.put(service, RestartReason.RELOAD);
                }
            }
            return Optional.empty();
        }
        RestartReason intent = stopIntent.remove(service);
        if (changed.from() == StateKind.STOPPING && changed.to() == StateKind.STARTING && intent != null) {
            return Optional.of(intent);
        }
        return Optional.empty();
    }

    private static String key(String service, String process) {
        return service + "\u0000" + process;
    }
}
