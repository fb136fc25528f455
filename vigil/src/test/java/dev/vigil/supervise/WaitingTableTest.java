package dev.vigil.supervise;

import static dev.vigil.supervise.RowExpectations.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DependencyCondition;
import dev.vigil.config.ServiceSpec;
import dev.vigil.process.ExitStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rows of docs/STATES.md for start order: WAITING with every event, and the states that enter
 * it. The service is {@link TransitionTableTest#spec()} with {@code depends_on = { db = "ready" }};
 * "db" is not ready unless the row's state says so ("_DB_READY").
 */
class WaitingTableTest {
    static final DependencyFacts READY = new DependencyFacts(true, true, true, false);

    static ServiceSpec spec() {
        return TransitionTableTest.spec().withDependencies(
                new dev.vigil.config.DependencySpec(List.of(new dev.vigil.config.Dependency("db", DependencyCondition.READY,
                        Specs.HERE)), false));
    }

    static final Map<String, Supplier<CoreHarness>> STATES = new java.util.LinkedHashMap<>();

    static {
        STATES.put("STOPPED", () -> new CoreHarness(spec()));
        STATES.put("STOPPED_DB_READY", () -> {
            CoreHarness h = new CoreHarness(spec());
            h.dependencies.put("db", READY);
            return h;
        });
        STATES.put("WAITING", () -> {
            CoreHarness h = new CoreHarness(spec());
            h.start();
            return h;
        });
        STATES.put("WAITING_DB_READY", () -> {
            CoreHarness h = new CoreHarness(spec());
            h.start();
            h.dependencies.put("db", READY);
            return h;
        });
        STATES.put("BACKOFF", () -> {
            CoreHarness h = new CoreHarness(spec());
            h.dependencies.put("db", READY);
            h.running();
            h.exit("web", 1);
            h.dependencies.remove("db");
            return h;
        });
        STATES.put("STOPPING", () -> {
            CoreHarness h = new CoreHarness(spec());
            h.dependencies.put("db", READY);
            h.running();
            h.apply(new Event.Restart());
            h.dependencies.remove("db");
            return h;
        });
    }

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        row(rows, "STOPPED", "Start", "WAITING", "!ServiceStateChanged +Schedule:DependencyDeadline");
        row(rows, "STOPPED_DB_READY", "Start", "STARTING", "+Spawn");
        row(rows, "STOPPED", "Restart", "WAITING", "+Schedule:DependencyDeadline");
        row(rows, "BACKOFF", "BackoffEnd", "WAITING", "+Schedule:DependencyDeadline");
        row(rows, "STOPPING", "Swept", "WAITING", "+Schedule:DependencyDeadline");

        row(rows, "WAITING", "Start", "WAITING", "nop");
        row(rows, "WAITING", "Stop", "STOPPED", "+Cancel:DependencyDeadline !ServiceStateChanged");
        row(rows, "WAITING", "Restart", "WAITING", "nop");
        row(rows, "WAITING", "Reset", "WAITING", "nop");
        row(rows, "WAITING", "Replace", "WAITING", "=spec");
        row(rows, "WAITING", "ProcessStarted", "WAITING", "nop");
        row(rows, "WAITING", "SpawnFailed", "WAITING", "nop");
        row(rows, "WAITING", "ProcessExited", "WAITING", "nop");
        row(rows, "WAITING", "Swept", "WAITING", "nop");
        row(rows, "WAITING", "BackoffEnd", "WAITING", "nop");
        row(rows, "WAITING", "FailedRetry", "WAITING", "nop");
        row(rows, "WAITING", "ProcessRestart", "WAITING", "nop");
        row(rows, "WAITING", "StartDeadline", "WAITING", "nop");
        row(rows, "WAITING", "ServiceStartDeadline", "WAITING", "nop");
        row(rows, "WAITING", "StopDeadline", "WAITING", "nop");
        row(rows, "WAITING", "Watchdog", "WAITING", "nop");
        row(rows, "WAITING", "Probe", "WAITING", "nop");
        row(rows, "WAITING", "Notify", "WAITING", "nop");
        row(rows, "WAITING", "DependencyChanged", "WAITING", "nop");
        row(rows, "WAITING", "DependencyDeadline", "FAILED", "!StartTimedOut !ServiceFailed +Schedule:FailedRetry");
        row(rows, "WAITING_DB_READY", "DependencyChanged", "STARTING", "+Cancel:DependencyDeadline +Spawn !ServiceStateChanged");
        row(rows, "WAITING_DB_READY", "Restart", "STARTING", "+Cancel:DependencyDeadline +Spawn");
        row(rows, "WAITING_DB_READY", "DependencyDeadline", "STARTING", "+Spawn");
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} + {1} -> {2} ({3})")
    @MethodSource("table")
    void decides(String stateName, String eventName, String next, String expect) {
        CoreHarness h = STATES.get(stateName).get();
        assertThat(h.kind().name()).as("fixture state").isEqualTo(stateName.replace("_DB_READY", ""));
        ServiceState before = h.state;
        ServiceContext contextBefore = h.ctx;
        Event event = switch (eventName) {
            case "Swept" -> new Event.Swept("web", h.instance("web"));
            case "Replace" -> new Event.Replace(TransitionTableTest.CHANGED.withDependencies(spec().dependencies()));
            default -> TransitionTableTest.EVENTS.get(eventName).apply(h);
        };
        if (stateName.equals("STOPPING") && eventName.equals("Swept")) {
            h.apply(new Event.ProcessExited("web", h.instance("web"), new ExitStatus.Signaled(15)));
            before = h.state;
            contextBefore = h.ctx;
        }
        Decision d = h.apply(event);

        assertThat(d.state().kind().name()).as("next state").isEqualTo(next);
        RowExpectations.check(h, d, before, contextBefore, expect, token -> {
            if (token.equals("=spec")) {
                assertThat(d.context().spec()).isEqualTo(TransitionTableTest.CHANGED.withDependencies(spec().dependencies()));
                return true;
            }
            return false;
        });
    }
}
