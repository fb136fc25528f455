package dev.vigil.alert;

import dev.vigil.config.AlertTrigger;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorEvent;
import java.util.Optional;

/** Which supervisor event is which {@code on = [...]} trigger, and what it says about states. */
final class Triggers {

    private Triggers() {
    }

    static Optional<AlertTrigger> of(SupervisorEvent e) {
        return Optional.ofNullable(switch (e) {
            case SupervisorEvent.ServiceStateChanged c when c.to() == StateKind.DEGRADED -> AlertTrigger.DEGRADED;
            case SupervisorEvent.ServiceStateChanged c when c.to() == StateKind.FAILED -> AlertTrigger.FAILED;
            case SupervisorEvent.RestartScheduled r -> AlertTrigger.RESTARTED;
            case SupervisorEvent.WatchdogMissed w -> AlertTrigger.WATCHDOG;
            case SupervisorEvent.ServiceFailed f -> AlertTrigger.CRASH_LOOP;
            case SupervisorEvent.RestartBudgetExhausted b -> AlertTrigger.BUDGET_EXHAUSTED;
            default -> null;
        });
    }

    /** The state left, when the event says; a restart is news about a running service. */
    static String from(SupervisorEvent e) {
        return e instanceof SupervisorEvent.ServiceStateChanged c ? c.from().label() : StateKind.RUNNING.label();
    }

    /** The state reached; empty when the event does not say. */
    static String to(SupervisorEvent e) {
        return switch (e) {
            case SupervisorEvent.ServiceStateChanged c -> c.to().label();
            case SupervisorEvent.ServiceFailed f -> StateKind.FAILED.label();
            case SupervisorEvent.RestartScheduled r when r.process() == null -> StateKind.BACKOFF.label();
            default -> "";
        };
    }

    static String reason(SupervisorEvent e) {
        Object reason = e.fields().get("reason");
        return reason == null ? "" : reason.toString();
    }
}
