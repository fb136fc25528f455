package dev.vigil.supervise;

import dev.vigil.config.ServiceSpec;
import dev.vigil.notify.NotifyDatagram;
import dev.vigil.probe.ProbeReport;
import dev.vigil.process.ExitStatus;

/**
 * What can happen to a service: the inputs of the transition function. The shell turns commands,
 * launcher callbacks, timer fires, probe reports and notify datagrams into these.
 *
 * <p>{@code instance} numbers identify one start of one process (they only grow); an event that
 * names an instance other than the current one is stale and changes nothing.
 */
sealed interface Event {

    /** Operator or daemon commands. */
    sealed interface Command extends Event {}

    /** Start the service if it is not up; skip a pending backoff or slow retry. */
    record Start() implements Command {}

    /** Stop every process (stop_signal, grace, then SIGKILL of the group) and stay stopped. */
    record Stop() implements Command {}

    /** Stop, then start again; does not count towards the crash-loop limit. */
    record Restart() implements Command {}

    /** Forget the crash-loop history and backoff; a FAILED or backing-off service starts now. */
    record Reset() implements Command {}

    /** A reload changed the service's spec: restart with it (or just adopt it while stopped). */
    record Replace(ServiceSpec spec) implements Command {}

    /**
     * A service this one depends on may have changed what holds in it (the facts are in the
     * step's input, not in the event): a WAITING service checks its conditions again.
     */
    record DependencyChanged() implements Event {}

    /** The launcher started the process. */
    record ProcessStarted(String process, long instance, long pid, long pgid) implements Event {}

    /** The launcher could not start the process at all. */
    record SpawnFailed(String process, long instance, String reason) implements Event {}

    /** The process group leader exited. */
    record ProcessExited(String process, long instance, ExitStatus status) implements Event {}

    /**
     * The sweep that followed the exit of {@code process}'s start {@code instance} has finished:
     * nothing of that start runs any more (its group and escaped descendants are dead).
     */
    record Swept(String process, long instance) implements Event {}

    /** A timer this service scheduled has fired (and was not cancelled). */
    record TimerFired(TimerKey key) implements Event {}

    /** One counted round of one probe. */
    record Probe(ProbeReport report) implements Event {}

    /** A notify datagram arrived on the socket of {@code process}'s start {@code instance}. */
    record Notify(String process, long instance, NotifyDatagram datagram) implements Event {}
}
