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
 * instance numbers, the crash-loop history, the backoff attempt, and the daemon-wide restart
 * budget as of this step (the shell threads the latest budget through every service).
 *
 * @param spec            the spec in force
 * @param processes       by name, in declaration order
 * @param probes          by name, in declaration order
 * @param lastInstance    the last instance number handed out (they only grow)
 * @param serviceInstance the instance of the current whole-service start (service-wide probes)
 * @param history         restarts within the intensity window
 * @param attempt         the backoff attempt of the last restart (0 = none yet)
 * @param restarts        restarts since the daemon began supervising it, for display
 * @param budget          the daemon-wide probe restart budget
 * @param budgetDenied    a probe or watchdog restart is due but the budget is exhausted
 * @param pendingSpec     a reloaded spec to adopt once every process has stopped
 */
record ServiceContext(
        ServiceSpec spec,
        Map<String, ProcessSlot> processes,
        Map<String, ProbeSlot> probes,
        long lastInstance,
        long serviceInstance,
        RestartHistory history,
        int attempt,
        int restarts,
        RestartBudget budget,
        boolean budgetDenied,
        Optional<ServiceSpec> pendingSpec) {

    /** The class of the read-only maps {@link #frozen} makes; such a map is taken as it is. */
    private static final Class<?> FROZEN = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    ServiceContext {
        processes = frozen(processes);
        probes = frozen(probes);
    }

    /**
     * A read-only copy in the same order; a map that is already read-only (every {@code with...}
     * passes on the maps it did not change) is kept, so a probe report does not copy the process map
     * and a budget update copies nothing. The maps of this package never leak a writable reference.
     */
    private static <K, V> Map<K, V> frozen(Map<K, V> map) {
        return map.getClass() == FROZEN ? map : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static ServiceContext initial(ServiceSpec spec, RestartBudget budget) {
        return new ServiceContext(spec, slotsOf(spec), probeSlotsOf(spec), 0, 0, RestartHistory.EMPTY, 0, 0,
                budget, false, Optional.empty());
    }

    private static Map<String, ProcessSlot> slotsOf(ServiceSpec spec) {
        Map<String, ProcessSlot> slots = new LinkedHashMap<>();
        spec.processes().forEach(p -> slots.put(p.name(), ProcessSlot.initial(p)));
        return slots;
    }

    private static Map<String, ProbeSlot> probeSlotsOf(ServiceSpec spec) {
        Map<String, ProbeSlot> slots = new LinkedHashMap<>();
        spec.probes().forEach(p -> slots.put(p.name(), ProbeSlot.initial(p)));
        return slots;
    }

    ProcessSlot process(String name) {
        return processes.get(name);
    }

    boolean anyAlive() {
        return processes.values().stream().anyMatch(ProcessSlot::alive);
    }

    /** Every process is open (up, ready, startup probes passed) or down for good: nothing is on its way. */
    boolean processesSettled() {
        return processes.values().stream()
                .allMatch(p -> p.open() || p.phase() instanceof ProcessSlot.Down);
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

    List<ProbeSlot> probesFor(Optional<String> process, boolean startup) {
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
        // A plain loop: this runs on every probe report, over every probe of the service.
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
        return new ServiceContext(spec, Collections.unmodifiableMap(next), probes, lastInstance, serviceInstance,
                history, attempt, restarts, budget, budgetDenied, pendingSpec);
    }

    ServiceContext withProbe(ProbeSlot slot) {
        Map<String, ProbeSlot> next = new LinkedHashMap<>(probes);
        next.put(slot.name(), slot);
        return new ServiceContext(spec, processes, Collections.unmodifiableMap(next), lastInstance, serviceInstance,
                history, attempt, restarts, budget, budgetDenied, pendingSpec);
    }

    /** Adopts {@code newSpec}: fresh slots (no process may be alive), fresh history and attempt. */
    ServiceContext withSpec(ServiceSpec newSpec) {
        return new ServiceContext(newSpec, slotsOf(newSpec), probeSlotsOf(newSpec), lastInstance, serviceInstance,
                RestartHistory.EMPTY, 0, restarts, budget, false, Optional.empty());
    }

    ServiceContext withPendingSpec(ServiceSpec newSpec) {
        return new ServiceContext(spec, processes, probes, lastInstance, serviceInstance, history, attempt, restarts,
                budget, budgetDenied, Optional.of(newSpec));
    }

    /** Hands out the next instance number; {@code wholeService} also makes it the service instance. */
    ServiceContext withNextInstance(boolean wholeService) {
        long next = lastInstance + 1;
        return new ServiceContext(spec, processes, probes, next, wholeService ? next : serviceInstance, history,
                attempt, restarts, budget, budgetDenied, pendingSpec);
    }

    /** Counts one restart at {@code now} with backoff attempt {@code newAttempt}. */
    ServiceContext withRestart(long now, int newAttempt) {
        return new ServiceContext(spec, processes, probes, lastInstance, serviceInstance,
                history.plus(spec.restart(), now), newAttempt, restarts + 1, budget, budgetDenied, pendingSpec);
    }

    /** Forgets the crash-loop history and the backoff attempt ({@code vigil reset}). */
    ServiceContext cleared() {
        return new ServiceContext(spec, processes, probes, lastInstance, serviceInstance, RestartHistory.EMPTY, 0,
                restarts, budget, false, pendingSpec);
    }

    ServiceContext withBudget(RestartBudget newBudget, boolean denied) {
        if (newBudget == budget && denied == budgetDenied) {
            return this;
        }
        return new ServiceContext(spec, processes, probes, lastInstance, serviceInstance, history, attempt, restarts,
                newBudget, denied, pendingSpec);
    }
}
