package dev.vigil.supervise;

import dev.vigil.config.ProbeRole;
import dev.vigil.config.ServiceSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable bookkeeping of one service beside its state: its spec, its processes and probes,
 * instance numbers, the crash-loop record, and the daemon-wide restart budget as of this step (the
 * shell threads the latest budget through every service). Facts that change together are one
 * small record each ({@link Instances}, {@link CrashLoop}, {@link StormGuard}), so a change names
 * the situation it is about instead of copying eleven positional fields.
 *
 * @param spec        the spec in force
 * @param processes   by name, in declaration order
 * @param probes      by name, in declaration order, with counts kept over them
 * @param instances   the instance numbers handed out
 * @param crashLoop   restarts within the intensity window, the backoff attempt, the restart count
 * @param guard       the daemon-wide probe restart budget, and whether it denied a restart
 * @param pendingSpec a reloaded spec to adopt once every process has stopped
 */
record ServiceContext(
        ServiceSpec spec,
        Map<String, ProcessSlot> processes,
        ProbeSlots probes,
        Instances instances,
        CrashLoop crashLoop,
        StormGuard guard,
        Optional<ServiceSpec> pendingSpec) {

    /**
     * @param last    the last instance number handed out (they only grow)
     * @param service the instance of the current whole-service start (service-wide probes)
     */
    record Instances(long last, long service) {
        static final Instances NONE = new Instances(0, 0);

        /** The next number; {@code wholeService} also makes it the service instance. */
        Instances next(boolean wholeService) {
            return new Instances(last + 1, wholeService ? last + 1 : service);
        }
    }

    /**
     * @param history  restarts within the intensity window
     * @param attempt  the backoff attempt of the last restart (0 = none yet)
     * @param restarts restarts since the daemon began supervising it, for display
     */
    record CrashLoop(RestartHistory history, int attempt, int restarts) {
        static final CrashLoop NONE = new CrashLoop(RestartHistory.EMPTY, 0, 0);

        /** History and attempt forgotten; the count for display stays. */
        CrashLoop forgotten() {
            return new CrashLoop(RestartHistory.EMPTY, 0, restarts);
        }
    }

    /**
     * @param budget the daemon-wide probe restart budget
     * @param denied a probe or watchdog restart is due but the budget is exhausted
     */
    record StormGuard(RestartBudget budget, boolean denied) {}

    /** The class of the read-only maps {@link #frozen} makes; such a map is taken as it is. */
    private static final Class<?> FROZEN = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    ServiceContext {
        processes = frozen(processes);
        java.util.Objects.requireNonNull(probes);
    }

    /**
     * A read-only copy in the same order; a map that is already read-only (every change passes on
     * the maps it did not change) is kept, so a probe report does not copy the process map and a
     * budget update copies nothing. The maps of this package never leak a writable reference.
     * (The probes are a {@link ProbeSlots}, immutable by construction.)
     */
    private static <K, V> Map<K, V> frozen(Map<K, V> map) {
        return map.getClass() == FROZEN ? map : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static ServiceContext initial(ServiceSpec spec, RestartBudget budget) {
        return new ServiceContext(spec, slotsOf(spec), probeSlotsOf(spec), Instances.NONE, CrashLoop.NONE,
                new StormGuard(budget, false), Optional.empty());
    }

    private static Map<String, ProcessSlot> slotsOf(ServiceSpec spec) {
        Map<String, ProcessSlot> slots = new LinkedHashMap<>();
        spec.processes().forEach(p -> slots.put(p.name(), ProcessSlot.initial(p)));
        return slots;
    }

    private static ProbeSlots probeSlotsOf(ServiceSpec spec) {
        return ProbeSlots.initial(spec.probes());
    }

    long lastInstance() {
        return instances.last();
    }

    long serviceInstance() {
        return instances.service();
    }

    RestartHistory history() {
        return crashLoop.history();
    }

    int attempt() {
        return crashLoop.attempt();
    }

    int restarts() {
        return crashLoop.restarts();
    }

    RestartBudget budget() {
        return guard.budget();
    }

    boolean budgetDenied() {
        return guard.denied();
    }

    ProcessSlot process(String name) {
        return processes.get(name);
    }

    boolean anyAlive() {
        for (ProcessSlot p : processes.values()) {
            if (p.alive()) {
                return true;
            }
        }
        return false;
    }

    /** Every process is open (up, ready, startup probes passed) or down for good: nothing is on its way. */
    boolean processesSettled() {
        // A plain loop, as in anyAlive: runs on every probe report (streams cost there without C2).
        for (ProcessSlot p : processes.values()) {
            if (!p.open() && !(p.phase() instanceof ProcessSlot.Down)) {
                return false;
            }
        }
        return true;
    }

    /** The probes that speak for {@code process}; {@code Optional.empty()} = the service-wide ones. */
    List<ProbeSlot> probesFor(Optional<String> process) {
        List<ProbeSlot> found = new ArrayList<>();
        for (ProbeSlot p : probes.values()) {
            if (p.spec().process().equals(process)) {
                found.add(p);
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** The startup probes of this scope ({@code Optional.empty()} = the service-wide ones). */
    List<ProbeSlot> startupProbes(Optional<String> process) {
        return probesFor(process, true);
    }

    /** The probes of this scope that run after startup (readiness, liveness). */
    List<ProbeSlot> regularProbes(Optional<String> process) {
        return probesFor(process, false);
    }

    private List<ProbeSlot> probesFor(Optional<String> process, boolean startup) {
        List<ProbeSlot> found = new ArrayList<>();
        for (ProbeSlot p : probes.values()) {
            if (p.spec().process().equals(process) && (p.role() == ProbeRole.STARTUP) == startup) {
                found.add(p);
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** Every startup probe of this scope has passed for the current instance (true when there are none). */
    boolean startupPassed(Optional<String> process) {
        if (!probes.any(ProbeSlots.Tally.STARTUP_PENDING)) {
            return true; // the usual answer, on every probe report, without looking at each probe
        }
        for (ProbeSlot p : probes.values()) {
            if (p.role() == ProbeRole.STARTUP && !p.passed() && p.spec().process().equals(process)) {
                return false;
            }
        }
        return true;
    }

    ServiceContext withProcess(ProcessSlot slot) {
        Map<String, ProcessSlot> next = new LinkedHashMap<>(processes);
        next.put(slot.name(), slot);
        return new ServiceContext(spec, Collections.unmodifiableMap(next), probes, instances, crashLoop, guard,
                pendingSpec);
    }

    /** {@code slot} in place of the probe of the same name, which must be one of this context's probes. */
    ServiceContext withProbe(ProbeSlot slot) {
        return new ServiceContext(spec, processes, probes.with(slot), instances, crashLoop, guard, pendingSpec);
    }

    /** Adopts {@code newSpec}: fresh slots (no process may be alive), crash-loop history and attempt forgotten. */
    ServiceContext withSpec(ServiceSpec newSpec) {
        return new ServiceContext(newSpec, slotsOf(newSpec), probeSlotsOf(newSpec), instances, crashLoop.forgotten(),
                new StormGuard(guard.budget(), false), Optional.empty());
    }

    /** Adopts {@code newSpec}, which differs from the spec in force only in its dependencies: slots kept. */
    ServiceContext withDependencies(ServiceSpec newSpec) {
        return new ServiceContext(newSpec, processes, probes, instances, crashLoop, guard, pendingSpec);
    }

    ServiceContext withPendingSpec(ServiceSpec newSpec) {
        return new ServiceContext(spec, processes, probes, instances, crashLoop, guard, Optional.of(newSpec));
    }

    /** Hands out the next instance number; {@code wholeService} also makes it the service instance. */
    ServiceContext withNextInstance(boolean wholeService) {
        return new ServiceContext(spec, processes, probes, instances.next(wholeService), crashLoop, guard, pendingSpec);
    }

    /** Counts one restart at {@code now} with backoff attempt {@code newAttempt}. */
    ServiceContext withRestart(long now, int newAttempt) {
        return new ServiceContext(spec, processes, probes, instances,
                new CrashLoop(crashLoop.history().plus(spec.restart(), now), newAttempt, crashLoop.restarts() + 1),
                guard, pendingSpec);
    }

    /** Forgets the crash-loop history and the backoff attempt ({@code vigil reset}); the budget denial too. */
    ServiceContext cleared() {
        return new ServiceContext(spec, processes, probes, instances, crashLoop.forgotten(),
                new StormGuard(guard.budget(), false), pendingSpec);
    }

    ServiceContext withBudget(RestartBudget newBudget, boolean denied) {
        if (newBudget == guard.budget() && denied == guard.denied()) {
            return this;
        }
        return new ServiceContext(spec, processes, probes, instances, crashLoop, new StormGuard(newBudget, denied),
                pendingSpec);
    }
}
