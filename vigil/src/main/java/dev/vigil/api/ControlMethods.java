package dev.vigil.api;

import static dev.vigil.api.RpcErrors.CONFIG_REJECTED;
import static dev.vigil.api.RpcErrors.UNAVAILABLE;
import static dev.vigil.api.RpcErrors.UNKNOWN_SERVICE;

import java.util.List;

/**
 * The Vigil control methods, bound to a {@link ControlHandler}. The method names are the
 * constants below; docs/API.md documents each.
 */
public final class ControlMethods {
    public static final String LIST = "vigil.list";
    public static final String STATUS = "vigil.status";
    public static final String START = "vigil.start";
    public static final String STOP = "vigil.stop";
    public static final String RESTART = "vigil.restart";
    public static final String RESET = "vigil.reset";
    public static final String LOGS = "vigil.logs";
    public static final String EVENTS = "vigil.events";
    public static final String RELOAD = "vigil.reload";
    public static final String NOTIFY_TEST = "vigil.notify_test";
    public static final String PROBE_ROUNDS = "vigil.probe_rounds";
    public static final String PROBE_NOW = "vigil.probe_now";
    public static final String GRAPH = "vigil.graph";
    /** Served by every {@link ControlServer}: the OpenRPC document of its registry. */
    public static final String DISCOVER = "rpc.discover";

    private ControlMethods() {
    }

    /** A registry with every {@code vigil.*} method calling {@code handler}. */
    public static MethodRegistry registry(ControlHandler handler) {
        List<Integer> unknown = List.of(UNKNOWN_SERVICE, UNAVAILABLE);
        return new MethodRegistry()
                .add(new RpcMethod<>(LIST, "Every configured service with its state, PIDs, uptime, restarts and the reason for anything not running",
                        NoParams.class, ServiceList.class, List.of(UNAVAILABLE), p -> handler.list()))
                .add(new RpcMethod<>(STATUS, "One service in depth: processes, probes, restart count, next retry, recent events",
                        ServiceName.class, ServiceDetail.class, unknown, handler::status))
                .add(new RpcMethod<>(START, "Start services (by name, or all)",
                        Selection.class, CommandResults.class, unknown, handler::start))
                .add(new RpcMethod<>(STOP, "Stop services (by name, or all); returns once they are down",
                        Selection.class, CommandResults.class, unknown, handler::stop))
                .add(new RpcMethod<>(RESTART, "Stop then start services (by name, or all)",
                        Selection.class, CommandResults.class, unknown, handler::restart))
                .add(new RpcMethod<>(RESET, "Clear FAILED and the crash-loop counters, then start the services again",
                        Selection.class, CommandResults.class, unknown, handler::reset))
                .add(new RpcMethod<>(LOGS, "Captured output of a service's processes, pageable with a cursor for following",
                        LogsQuery.class, LogPage.class, unknown, handler::logs))
                .add(new RpcMethod<>(EVENTS, "Stored events, newest 'limit' of them, oldest first",
                        EventsQuery.class, EventList.class, unknown, handler::events))
                .add(new RpcMethod<>(RELOAD, "Re-read the config: start new services, stop removed ones, restart changed ones",
                        NoParams.class, ReloadResult.class, List.of(CONFIG_REJECTED, UNAVAILABLE), p -> handler.reload()))
                .add(new RpcMethod<>(NOTIFY_TEST, "Send a test notification through each [[notify]] target (or one) and report how it went",
                        AlertTestParams.class, AlertTestResults.class, List.of(UNAVAILABLE), handler::notifyTest))
                .add(new RpcMethod<>(PROBE_ROUNDS, "Probe rounds judged after a cursor, from each probe's last 60, oldest first",
                        ProbeRoundsQuery.class, ProbeRounds.class, List.of(UNAVAILABLE), handler::probeRounds))
                .add(new RpcMethod<>(PROBE_NOW, "Run a service's probes (or one) once now, counted like any round; returns each one's round",
                        ProbeNowParams.class, ProbeNowResult.class, unknown, handler::probeNow))
                .add(new RpcMethod<>(GRAPH, "Every service and every depends_on entry (which service waits for which, on what condition, and whether it holds now)",
                        NoParams.class, DependencyGraph.class, List.of(UNAVAILABLE), p -> handler.graph()));
    }
}
