package dev.vigil.supervise;

import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.UnixSignal;
import dev.vigil.probe.ProbeReport;
import java.util.List;
import java.util.Optional;

/**
 * What the transition function asks the shell to do, in order. Effects name processes of the
 * service the decision is about; the shell knows their handles.
 */
sealed interface Effect {

    /** Start {@code spec} as start {@code instance} (open its notify socket first if it wants one). */
    record Spawn(ProcessSpec spec, long instance) implements Effect {}

    /** Send {@code signal} to the process group of {@code process}. */
    record SignalGroup(String process, UnixSignal signal) implements Effect {}

    /**
     * Send SIGCONT to the process group of {@code process}, right after its stop signal: a stopped
     * (SIGSTOPped, traced) process acts on that signal at once instead of waiting out stop_timeout.
     */
    record ContinueGroup(String process) implements Effect {}

    /**
     * SIGKILL the group of {@code process} and anything that escaped it. Idempotent. Runs off the
     * supervisor's thread (a sweep reads every process's environment); when it is done the shell
     * delivers {@link Event.Swept} for the start it swept.
     */
    record KillAll(String process) implements Effect {}

    /** Fire {@link Event.TimerFired} with {@code key} at {@code atNanos}; replaces a pending one. */
    record Schedule(TimerKey key, long atNanos) implements Effect {}

    /** Forget the timer {@code key}; its fire is never delivered. */
    record Cancel(TimerKey key) implements Effect {}

    /** Start probing {@code probes} for {@code instance}, with fresh counters. */
    record StartProbes(long instance, List<ProbeSpec> probes) implements Effect {
        public StartProbes {
            probes = List.copyOf(probes);
        }
    }

    /** Stop probing the named probes. */
    record StopProbes(List<String> names) implements Effect {
        public StopProbes {
            names = List.copyOf(names);
        }
    }

    /** Stop every probe of the service. */
    record StopAllProbes() implements Effect {}

    /**
     * Record what a post-mortem needs before a restart destroys it: /proc state and wchan, and a
     * thread dump (SIGQUIT) for a JVM. {@code failing} is the probe report that led here, if any.
     */
    record CollectEvidence(String process, String reason, Optional<ProbeReport> failing) implements Effect {}

    /** Publish a typed event (log line, store, metrics, tests). */
    record Emit(SupervisorEvent event) implements Effect {}
}
