package dev.vigil.web;

import dev.vigil.api.MethodRegistry;
import dev.vigil.metrics.DaemonHealth;
import dev.vigil.metrics.ServiceCounters;
import dev.vigil.supervise.SupervisorSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the HTTP side reads and calls; the daemon builds it from the real parts.
 *
 * @param snapshots      the supervisor's latest published snapshot; never blocks
 * @param supervisorPing completes once the supervisor's thread has processed every earlier
 *                       message (a liveness check that never blocks a request thread)
 * @param methods        the control API's method registry (the same one the JSON-RPC socket serves)
 * @param counters       restarts, probe rounds, watchdog timeouts
 * @param health         readiness and probe scheduler lateness
 * @param stateDir       where the default token file lives
 * @param version        the daemon's version, for {@code vigil_build_info}
 * @param supervisorLate how long a ping may take before the supervisor counts as stuck
 * @param configPath     the daemon's config file, for the dashboard's header (null: not known)
 */
public record WebParts(Supplier<SupervisorSnapshot> snapshots, Supplier<CompletableFuture<?>> supervisorPing,
                       MethodRegistry methods, ServiceCounters counters, DaemonHealth health, Path stateDir,
                       String version, Duration supervisorLate, Path configPath) {

    /** Parts without a known config path. */
    public WebParts(Supplier<SupervisorSnapshot> snapshots, Supplier<CompletableFuture<?>> supervisorPing,
                    MethodRegistry methods, ServiceCounters counters, DaemonHealth health, Path stateDir,
                    String version, Duration supervisorLate) {
        this(snapshots, supervisorPing, methods, counters, health, stateDir, version, supervisorLate, null);
    }
}
