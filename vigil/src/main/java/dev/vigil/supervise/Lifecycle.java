package dev.vigil.supervise;

import dev.vigil.config.ServiceSpec;
import dev.vigil.config.UnixSignal;
import dev.vigil.supervise.ProcessSlot.StopPurpose;
import dev.vigil.supervise.ServiceState.Then;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Commands, starting and stopping: the OTP part of the core (start, shutdown = signal, grace, kill). */
final class Lifecycle {
    static final String STOPPED_BY_OPERATOR = "stopped by operator";

    private Lifecycle() {
    }

    static void command(Step s, Event.Command command) {
        switch (command) {
            case Event.Start start -> start(s);
            case Event.Stop stop -> stop(s);
            case Event.Restart restart -> restart(s);
            case Event.Reset reset -> reset(s);
            case Event.Replace replace -> replace(s, replace.spec());
        }
    }

    private static void start(Step s) {
        switch (s.state) {
            case ServiceState.Stopped stopped -> startAll(s);
            case ServiceState.Backoff backoff -> {
                s.cancel(new TimerKey.BackoffEnd());
                startAll(s);
            }
            case ServiceState.Failed failed -> {
                s.cancel(new TimerKey.FailedRetry());
                startAll(s);
            }
            case ServiceState.Stopping stopping -> s.moveTo(new ServiceState.Stopping(stopping.deadlineNanos(), new Then.Start()));
            case ServiceState.Starting starting -> { } // already on its way
            case ServiceState.Running running -> { }
            case ServiceState.Degraded degraded -> { } // up; a restart is the operator's other command
            case ServiceState.Waiting waiting -> { } // starts when its dependencies allow
        }
    }

    private static void stop(Step s) {
        switch (s.state) {
            case ServiceState.Stopped stopped -> { }
            case ServiceState.Backoff backoff -> {
                s.cancel(new TimerKey.BackoffEnd());
                s.moveTo(new ServiceState.Stopped(STOPPED_BY_OPERATOR));
            }
            case ServiceState.Failed failed -> {
                s.cancel(new TimerKey.FailedRetry());
                s.moveTo(new ServiceState.Stopped(STOPPED_BY_OPERATOR));
            }
            case ServiceState.Stopping stopping ->
                    s.moveTo(new ServiceState.Stopping(stopping.deadlineNanos(), new Then.Stay(STOPPED_BY_OPERATOR)));
            case ServiceState.Starting starting -> stopAll(s, new Then.Stay(STOPPED_BY_OPERATOR));
            case ServiceState.Running running -> stopAll(s, new Then.Stay(STOPPED_BY_OPERATOR));
            case ServiceState.Degraded degraded -> stopAll(s, new Then.Stay(STOPPED_BY_OPERATOR));
            case ServiceState.Waiting waiting -> {
                s.cancel(new TimerKey.DependencyDeadline());
                s.moveTo(new ServiceState.Stopped(STOPPED_BY_OPERATOR));
            }
        }
    }

    private static void restart(Step s) {
        switch (s.state) {
            case ServiceState.Stopping stopping -> s.moveTo(new ServiceState.Stopping(stopping.deadlineNanos(), new Then.Start()));
            case ServiceState.Starting starting -> stopAll(s, new Then.Start());
            case ServiceState.Running running -> stopAll(s, new Then.Start());
            case ServiceState.Degraded degraded -> stopAll(s, new Then.Start());
            case ServiceState.Stopped stopped -> start(s);
            case ServiceState.Backoff backoff -> start(s);
            case ServiceState.Failed failed -> start(s);
            case ServiceState.Waiting waiting -> DependencyRules.recheck(s); // nothing runs to restart
        }
    }

    private static void reset(Step s) {
        s.ctx = s.ctx.cleared();
        switch (s.state) {
            case ServiceState.Failed failed -> start(s);
            case ServiceState.Backoff backoff -> start(s);
            case ServiceState.Stopped stopped -> { }
            case ServiceState.Starting starting -> { }
            case ServiceState.Running running -> { }
            case ServiceState.Degraded degraded -> Gates.settle(s); // "restart budget exhausted" may go
            case ServiceState.Stopping stopping -> { }
            case ServiceState.Waiting waiting -> { }
        }
    }

    private static void replace(Step s, ServiceSpec spec) {
        if (spec.equals(s.ctx.spec()) && s.ctx.pendingSpec().isEmpty()) {
            return;
        }
        if (spec.sameButDependencies(s.ctx.spec()) && s.ctx.pendingSpec().isEmpty()) {
            // Dependencies decide when the service starts, not what runs: adopt them in place.
            s.ctx = s.ctx.withDependencies(spec);
            DependencyRules.recheck(s);
            return;
        }
        switch (s.state) {
            case ServiceState.Stopped stopped -> s.ctx = s.ctx.withSpec(spec);
            case ServiceState.Backoff backoff -> {
                s.cancel(new TimerKey.BackoffEnd());
                s.ctx = s.ctx.withSpec(spec);
                startAll(s);
            }
            case ServiceState.Failed failed -> {
                s.cancel(new TimerKey.FailedRetry());
                s.ctx = s.ctx.withSpec(spec);
                startAll(s);
            }
            case ServiceState.Stopping stopping -> s.ctx = s.ctx.withPendingSpec(spec);
            case ServiceState.Starting starting -> replaceRunning(s, spec);
            case ServiceState.Running running -> replaceRunning(s, spec);
            case ServiceState.Degraded degraded -> replaceRunning(s, spec);
            case ServiceState.Waiting waiting -> {
                s.ctx = s.ctx.withSpec(spec);
                DependencyRules.recheck(s);
            }
        }
    }

    private static void replaceRunning(Step s, ServiceSpec spec) {
        s.ctx = s.ctx.withPendingSpec(spec);
        stopAll(s, new Then.Start());
    }

    /**
     * Starts a service that has no process: adopts a pending spec, then spawns every process, or
     * waits in WAITING while a {@code depends_on} condition does not hold.
     */
    static void startAll(Step s) {
        s.ctx.pendingSpec().ifPresent(spec -> s.ctx = s.ctx.withSpec(spec));
        DependencyRules.startOrWait(s);
    }

    /** Spawns every process of a service that has none: a new service instance, STARTING. */
    static void spawnAll(Step s) {
        s.ctx = s.ctx.withNextInstance(true);
        long instance = s.ctx.serviceInstance();
        s.ctx.probesFor(Optional.empty()).forEach(p -> s.probe(ProbeSlot.initial(p.spec())));
        s.moveTo(new ServiceState.Starting());
        s.ctx.processes().keySet().forEach(name -> spawn(s, name));
        List<ProbeSlot> startup = s.ctx.startupProbes(Optional.empty());
        if (!startup.isEmpty()) {
            Gates.startProbes(s, instance, startup);
            long timeout = s.ctx.spec().processes().stream().mapToLong(p -> p.startTimeout().toNanos()).max().orElse(0);
            s.schedule(new TimerKey.ServiceStartDeadline(instance), s.now + timeout);
        }
    }

    /** Spawns one process as a new instance; its probes wait for it to start. */
    static void spawn(Step s, String name) {
        s.ctx = s.ctx.withNextInstance(false);
        ProcessSlot slot = s.ctx.process(name).spawning(s.ctx.lastInstance());
        s.process(slot);
        s.ctx.probesFor(Optional.of(name)).forEach(p -> s.probe(ProbeSlot.initial(p.spec())));
        s.effect(new Effect.Spawn(slot.spec(), slot.instance()));
    }

    static void started(Step s, Event.ProcessStarted e) {
        ProcessSlot slot = s.ctx.process(e.process());
        if (slot == null || slot.instance() != e.instance()) {
            return;
        }
        String name = slot.name();
        switch (slot.phase()) {
            case ProcessSlot.Spawning spawning -> {
                s.emit(new SupervisorEvent.ProcessStarted(s.service(), name, e.pid(), e.pgid(), e.instance()));
                ProcessSlot.Watchdog watchdog = slot.initialWatchdog();
                if (watchdog.armed()) {
                    s.schedule(new TimerKey.Watchdog(name, slot.instance()), s.now + watchdog.intervalNanos());
                }
                List<ProbeSlot> startup = s.ctx.startupProbes(Optional.of(name));
                OptionalLong deadline = OptionalLong.empty();
                if (slot.needsReady() || !startup.isEmpty()) {
                    deadline = OptionalLong.of(s.now + slot.spec().startTimeout().toNanos());
                    s.schedule(new TimerKey.StartDeadline(name, slot.instance()), deadline.getAsLong());
                }
                s.process(slot.in(new ProcessSlot.Up(e.pid(), e.pgid(), s.now,
                        new ProcessSlot.Gate.Closed(!slot.needsReady(), deadline), watchdog)));
                Gates.startProbes(s, slot.instance(), startup);
                Gates.settle(s);
            }
            case ProcessSlot.SpawningToStop toStop -> {
                // The stop was decided before the launcher answered: stop it now that it has a group.
                long deadline = s.now + slot.spec().stopTimeout().toNanos();
                s.process(slot.in(new ProcessSlot.Stopping(e.pid(), e.pgid(), s.now, deadline, toStop.purpose(),
                        toStop.note())));
                s.emit(new SupervisorEvent.ProcessStarted(s.service(), name, e.pid(), e.pgid(), e.instance()));
                signalStop(s, slot);
                s.schedule(new TimerKey.StopDeadline(name, slot.instance()), deadline);
                if (s.state instanceof ServiceState.Stopping stopping && deadline > stopping.deadlineNanos()) {
                    s.moveTo(new ServiceState.Stopping(deadline, stopping.then()));
                }
            }
            // Cannot start twice.
            case ProcessSlot.Down down -> { }
            case ProcessSlot.Up up -> { }
            case ProcessSlot.Stopping stopping -> { }
            case ProcessSlot.Killed killed -> { }
            case ProcessSlot.Sweeping sweeping -> { }
            case ProcessSlot.Waiting waiting -> { }
        }
    }

    /** Stops every process (signal the group, grace, then kill), then goes where {@code then} says. */
    static void stopAll(Step s, Then then) {
        Gates.stopAllProbes(s);
        if (s.state instanceof ServiceState.Starting && !s.ctx.startupProbes(Optional.empty()).isEmpty()) {
            s.cancel(new TimerKey.ServiceStartDeadline(s.ctx.serviceInstance()));
        }
        long latest = s.now;
        for (ProcessSlot slot : s.ctx.processes().values()) {
            long fresh = s.now + slot.spec().stopTimeout().toNanos();
            // The kill deadline each process has after this, for the service's STOPPING deadline.
            long deadline = switch (slot.phase()) {
                case ProcessSlot.Up up -> {
                    stopProcess(s, slot.name(), StopPurpose.SHUTDOWN, "stopping");
                    yield fresh;
                }
                case ProcessSlot.Spawning spawning -> {
                    s.process(slot.in(new ProcessSlot.SpawningToStop(StopPurpose.SHUTDOWN, "stopping")));
                    yield fresh;
                }
                case ProcessSlot.SpawningToStop toStop -> {
                    s.process(slot.in(new ProcessSlot.SpawningToStop(StopPurpose.SHUTDOWN, toStop.note())));
                    yield fresh;
                }
                case ProcessSlot.Stopping st -> {
                    s.process(slot.in(new ProcessSlot.Stopping(st.pid(), st.pgid(), st.startedNanos(), st.deadlineNanos(),
                            StopPurpose.SHUTDOWN, st.note())));
                    yield st.deadlineNanos();
                }
                case ProcessSlot.Waiting waiting -> {
                    s.cancel(new TimerKey.ProcessRestart(slot.name()));
                    s.process(slot.down(Optional.empty(), waiting.note()));
                    yield s.now;
                }
                // Already killed or exited: nothing more to wait for than what is under way.
                case ProcessSlot.Killed killed -> s.now;
                case ProcessSlot.Sweeping sweeping -> s.now;
                case ProcessSlot.Down down -> s.now;
            };
            latest = Math.max(latest, deadline);
        }
        if (s.ctx.anyAlive()) {
            s.moveTo(new ServiceState.Stopping(latest, then));
        } else {
            finishStopping(s, then);
        }
    }

    /** Signals one running process's group and arms its kill deadline; does nothing unless it is up. */
    static void stopProcess(Step s, String name, StopPurpose purpose, String cause) {
        ProcessSlot slot = s.ctx.process(name);
        if (!(slot.phase() instanceof ProcessSlot.Up up)) {
            return;
        }
        long deadline = s.now + slot.spec().stopTimeout().toNanos();
        if (up.gate() instanceof ProcessSlot.Gate.Closed) {
            s.cancel(new TimerKey.StartDeadline(name, slot.instance()));
        }
        if (up.watchdog().armed()) {
            s.cancel(new TimerKey.Watchdog(name, slot.instance()));
        }
        Gates.stopProbes(s, s.ctx.probesFor(Optional.of(name)));
        signalStop(s, slot);
        s.schedule(new TimerKey.StopDeadline(name, slot.instance()), deadline);
        s.process(slot.in(new ProcessSlot.Stopping(up.pid(), up.pgid(), up.startedNanos(), deadline, purpose, cause)));
    }

    /**
     * The stop signal to the process's group, then SIGCONT (as systemd does): a stopped process
     * cannot act on the stop signal until it runs again. Not after KILL (needs no running process),
     * nor after CONT or STOP themselves.
     */
    private static void signalStop(Step s, ProcessSlot slot) {
        UnixSignal signal = slot.spec().stopSignal();
        s.effect(new Effect.SignalGroup(slot.name(), signal));
        if (signal != UnixSignal.KILL && signal != UnixSignal.CONT && signal != UnixSignal.STOP) {
            s.effect(new Effect.ContinueGroup(slot.name()));
        }
    }

    /** Every process is gone: adopt a pending spec, then go where {@code then} says. */
    static void finishStopping(Step s, Then then) {
        s.ctx.pendingSpec().ifPresent(spec -> s.ctx = s.ctx.withSpec(spec));
        switch (then) {
            case Then.Stay stay -> s.moveTo(new ServiceState.Stopped(stay.reason()));
            case Then.Start start -> startAll(s);
            case Then.Fail fail -> Exits.fail(s, fail.reason());
            case Then.Retry retry -> Exits.retryFailedStart(s, retry.reason());
        }
    }
}
