package dev.vigil.supervise;

import dev.vigil.config.ProcessSpec;
import dev.vigil.config.UnixSignal;
import dev.vigil.notify.NotifyEndpoint;
import dev.vigil.process.ExitStatus;
import dev.vigil.process.LaunchException;
import dev.vigil.process.LaunchRequest;
import dev.vigil.process.RunningProcess;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Executes the core's effects against the outside world. Called on the supervisor's thread, it
 * does there only what is quick and in memory (timers, probe schedules, publishing events); every
 * effect that touches the system (spawn, signals, kill and sweep, evidence) goes to the
 * {@link SystemLanes}, one lane per process, and what it leads to comes back as a message to the
 * supervisor's mailbox: a started process or a failed spawn, a finished sweep ({@link Event.Swept}),
 * the evidence event. Later results (exits, timers, probe reports, datagrams) are posted as well.
 */
final class EffectRunner {
    private static final System.Logger LOG = System.getLogger(EffectRunner.class.getName());

    private final Supervisor.Parts parts;
    private final Supervisor supervisor;
    private final SystemLanes lanes;

    EffectRunner(Supervisor.Parts parts, Supervisor supervisor, SystemLanes lanes) {
        this.parts = parts;
        this.supervisor = supervisor;
        this.lanes = lanes;
    }

    void run(ServiceCell cell, Effect effect) {
        switch (effect) {
            case Effect.Spawn spawn -> lanes.spawn(lane(cell, spawn.spec().name()),
                    () -> spawn(cell, spawn.spec(), spawn.instance()));
            case Effect.SignalGroup signal -> onProcess(cell, signal.process(), h -> h.process().signalGroup(signal.signal()));
            case Effect.ContinueGroup cont -> onProcess(cell, cont.process(), h -> h.process().signalGroup(UnixSignal.CONT));
            case Effect.KillAll kill -> onProcess(cell, kill.process(), h -> {
                h.process().killAll();
                supervisor.post(() -> supervisor.deliver(cell, new Event.Swept(kill.process(), h.instance())));
            });
            case Effect.Schedule schedule -> schedule(cell, schedule.key(), schedule.atNanos());
            case Effect.Cancel cancel -> {
                ServiceCell.Timer timer = cell.timers.remove(cancel.key());
                if (timer != null) {
                    timer.cancellable.cancel();
                }
            }
            case Effect.StartProbes start -> parts.probes().start(cell.name, start.instance(), start.probes(),
                    report -> {
                        java.time.Instant judgedAt = parts.ticker().wallClock();
                        supervisor.post(() -> {
                            cell.judged(report, judgedAt, supervisor.nextProbeRound());
                            supervisor.deliver(cell, new Event.Probe(report));
                        });
                    });
            case Effect.StopProbes stop -> parts.probes().stop(cell.name, stop.names());
            case Effect.StopAllProbes stop -> parts.probes().stopAll(cell.name);
            case Effect.CollectEvidence evidence -> collect(cell, evidence);
            case Effect.Emit emit -> {
                cell.restarted(emit.event(), parts.ticker().wallClock());
                supervisor.publish(emit.event());
            }
        }
    }

    private static String lane(ServiceCell cell, String process) {
        return cell.name + "/" + process;
    }

    /** Runs {@code work} on the process's lane with the handle it has now, if it has one. */
    private void onProcess(ServiceCell cell, String process, java.util.function.Consumer<ServiceCell.Handle> work) {
        ServiceCell.Handle handle = cell.handles.get(process);
        if (handle != null) {
            lanes.submit(lane(cell, process), () -> work.accept(handle));
        }
    }

    /** On the process's lane: launches it, then posts the start (or the failure) to the supervisor. */
    private void spawn(ServiceCell cell, ProcessSpec spec, long instance) {
        NotifyEndpoint endpoint = null;
        EarlyDatagrams early = new EarlyDatagrams();
        try {
            Map<String, String> env = Map.of();
            if (spec.wantsNotifySocket()) {
                endpoint = parts.notifySockets().open(cell.name, spec, datagram -> early.offer(datagram,
                        d -> supervisor.post(() -> supervisor.deliver(cell, new Event.Notify(spec.name(), instance, d)))));
                env = endpoint.environment();
            }
            RunningProcess process = parts.launcher().launch(
                    new LaunchRequest(cell.name, spec, env, parts.logDir().resolve(cell.name)));
            if (endpoint != null) {
                endpoint.attach(process.pid(), process.pgid());
            }
            ServiceCell.Handle handle = new ServiceCell.Handle(process, Optional.ofNullable(endpoint), instance,
                    process.startedAt());
            // Posted before the exit callback is registered, so the start is always delivered first;
            // what the process said on its notify socket before this point follows it in the same message.
            early.release(said -> supervisor.post(() -> {
                cell.handles.put(spec.name(), handle);
                supervisor.deliver(cell, new Event.ProcessStarted(spec.name(), instance, process.pid(), process.pgid()));
                said.forEach(d -> supervisor.deliver(cell, new Event.Notify(spec.name(), instance, d)));
            }));
            process.exit().whenComplete((status, error) -> supervisor.post(
                    () -> exited(cell, spec.name(), instance, status, error)));
        } catch (LaunchException | IOException | RuntimeException e) {
            if (endpoint != null) {
                endpoint.close();
            }
            String why = e instanceof IOException ? "notify socket: " + e.getMessage() : String.valueOf(e.getMessage());
            supervisor.post(() -> supervisor.deliver(cell, new Event.SpawnFailed(spec.name(), instance, why)));
        }
    }

    private void exited(ServiceCell cell, String process, long instance, ExitStatus status, Throwable error) {
        ServiceCell.Handle handle = cell.handles.get(process);
        if (handle != null && handle.instance() == instance) {
            handle.endpoint().ifPresent(NotifyEndpoint::close); // removes the socket file with the process
        }
        ExitStatus known = status;
        if (known == null) {
            // The launcher could not observe the exit; the process is gone for us all the same.
            LOG.log(System.Logger.Level.ERROR, "exit of " + cell.name + "/" + process + " not observed", error);
            known = new ExitStatus.Exited(-1);
        }
        cell.exitedAt.put(process, parts.ticker().wallClock());
        supervisor.deliver(cell, new Event.ProcessExited(process, instance, known));
    }

    private void schedule(ServiceCell cell, TimerKey key, long atNanos) {
        ServiceCell.Timer previous = cell.timers.remove(key);
        if (previous != null) {
            previous.cancellable.cancel();
        }
        ServiceCell.Timer timer = new ServiceCell.Timer();
        cell.timers.put(key, timer);
        timer.cancellable = parts.scheduler().schedule(atNanos, () -> supervisor.post(() -> {
            // Only the timer still held fires: a replaced or cancelled one may already be queued.
            if (cell.timers.get(key) == timer) {
                cell.timers.remove(key);
                supervisor.deliver(cell, new Event.TimerFired(key));
            }
        }));
    }

    /** On the process's lane, before the stop signal that follows it: /proc facts, a thread dump. */
    private void collect(ServiceCell cell, Effect.CollectEvidence evidence) {
        ProcessSpec spec = cell.context.process(evidence.process()).spec();
        onProcess(cell, evidence.process(), handle -> {
            Map<String, Object> facts;
            try {
                facts = parts.evidence().collect(cell.name, spec, handle.process());
            } catch (RuntimeException e) {
                facts = Map.of("evidence_error", String.valueOf(e.getMessage()));
            }
            SupervisorEvent event = new SupervisorEvent.EvidenceCollected(cell.name, evidence.process(),
                    handle.process().pid(), evidence.reason(), evidence.failing().map(r -> r.probe()).orElse(null),
                    evidence.failing().map(r -> SupervisorEvent.latencyMs(r.outcome())).orElse(null), facts);
            supervisor.post(() -> supervisor.publish(event));
        });
    }
}
