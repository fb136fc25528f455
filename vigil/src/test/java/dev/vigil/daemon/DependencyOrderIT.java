package dev.vigil.daemon;

import static dev.vigil.daemon.DaemonHarness.event;
import static dev.vigil.daemon.DaemonHarness.fixture;
import static dev.vigil.daemon.Spine.WAIT;
import static dev.vigil.daemon.Spine.awaitState;
import static dev.vigil.daemon.Spine.service;
import static dev.vigil.daemon.Spine.stateTo;
import static dev.vigil.daemon.Spine.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.daemon.DaemonHarness.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * depends_on with real processes, a real daemon and the real CLI: a db that becomes ready only
 * after ~2 s (it creates a marker file its readiness probe looks for), a one-shot migration, and a
 * web service that needs both. Order is read from the daemon's event history, never from sleeps.
 */
class DependencyOrderIT {
    @TempDir
    Path dir;
    private DaemonHarness daemon;

    @AfterEach
    void cleanUp() throws InterruptedException {
        DaemonHarness.closeLeavingNothing(daemon);
    }

    private String config(Path marker) {
        return service("web", fixture("sleeper"), "depends_on = { db = \"ready\", migrate = \"completed\" }",
                "stop_timeout = \"10s\"")
                + service("db", List.of("/bin/sh", "-c", "sleep 2; : > \"$1\"; exec sleep 600", "db", marker.toString()),
                "stop_timeout = \"10s\"")
                + "[services.db.probes.ready]\nkind = \"exec\"\ncommand = [\"/bin/sh\", \"-c\", \"test -f '" + marker
                + "'\"]\nrole = \"readiness\"\ninterval = \"500ms\"\ntimeout = \"500ms\"\n\n"
                + service("migrate", List.of("/bin/sh", "-c", "exit 0"), "restart = \"never\"")
                + service("batch", fixture("sleeper"), "autostart = false", "stop_timeout = \"10s\"")
                + service("report", fixture("sleeper"), "depends_on = { batch = \"started\" }", "start_timeout = \"10m\"",
                "stop_timeout = \"10s\"");
    }

    private static int indexOf(List<JsonNode> events, Predicate<JsonNode> match) {
        for (int i = 0; i < events.size(); i++) {
            if (match.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event among " + events.size());
    }

    @Test
    void dependentsStartAfterTheirConditionsHoldAndStopBeforeTheirDependencies() throws Exception {
        Path marker = dir.resolve("db.ready");
        daemon = DaemonHarness.start(Spine.config(dir, config(marker)), dir);

        JsonNode waiting = awaitState(daemon, 0, "web", "waiting");
        assertThat(waiting.path("reason").asText()).startsWith("waiting for db: ready");
        JsonNode webStarted = daemon.awaitEvent(type("process_started", "web"), WAIT);
        awaitState(daemon, 0, "web", "running");

        // After db became ready: later than db's start by its 2 s delay, and not before the marker existed.
        List<JsonNode> events = daemon.events();
        JsonNode dbStarted = events.get(indexOf(events, type("process_started", "db")));
        Instant webAt = Instant.parse(webStarted.path("ts").asText());
        assertThat(Duration.between(Instant.parse(dbStarted.path("ts").asText()), webAt))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        Instant markerAt = Files.getLastModifiedTime(marker).toInstant();
        assertThat(webAt).isAfterOrEqualTo(markerAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        // ... and after the migration completed.
        int webIndex = indexOf(events, type("process_started", "web"));
        assertThat(webIndex).isGreaterThan(indexOf(events, event("process_exited", "migrate", Map.of("exit_code", "0"))));
        assertThat(webIndex).isGreaterThan(indexOf(events, type("process_started", "db")));

        // A service whose dependency is not started waits visibly, in the list and the tree.
        awaitState(daemon, 0, "report", "waiting");
        CliResult list = daemon.cli("list");
        assertThat(list.stdout()).containsPattern("◌ waiting +report .*waiting for batch: started");
        JsonNode listed = daemon.cli("list", "--json").json();
        assertThat(listed.toString()).contains("\"state\":\"waiting\"");
        JsonNode graph = daemon.cli("list", "--tree", "--json").json();
        assertThat(graph.path("edges").toString()).contains(
                "{\"service\":\"report\",\"depends_on\":\"batch\",\"condition\":\"started\",\"holds\":false}",
                "{\"service\":\"web\",\"depends_on\":\"db\",\"condition\":\"ready\",\"holds\":true}");
        CliResult tree = daemon.cli("list", "--tree");
        assertThat(tree.stdout()).contains("└─ ◌ report", "started ✗", "└─ ● web", "ready ✓", "completed ✓");
        // batch is already stopped: stopping it is not refused for report, which keeps waiting.
        CliResult stopStopped = daemon.cli("stop", "batch");
        assertThat(stopStopped.exitCode()).as(stopStopped.stdout()).isZero();
        assertThat(daemon.cli("list").stdout()).containsPattern("◌ waiting +report ");
        int cursor = daemon.eventCount();
        assertThat(daemon.cli("start", "batch").exitCode()).isZero();
        daemon.awaitEvent(cursor, type("process_started", "report"), WAIT);

        // Stopping db alone is refused while web runs; with its dependents, web stops first.
        CliResult refused = daemon.cli("stop", "db");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stdout()).contains("not stopped: web depends on it and is running",
                "vigil stop --with-dependents db");
        assertThat(Spine.processesOf(daemon, "db")).isNotEmpty();
        cursor = daemon.eventCount();
        CliResult stopped = daemon.cli("stop", "--with-dependents", "db", "--json");
        assertThat(stopped.exitCode()).as(stopped.stdout() + stopped.stderr()).isZero();
        assertThat(stopped.json().path("results").findValuesAsText("name")).containsExactly("web", "db");
        List<JsonNode> stopEvents = daemon.events().subList(cursor, daemon.eventCount());
        assertThat(indexOf(stopEvents, stateTo("web", "stopped")))
                .isLessThan(indexOf(stopEvents, type("process_exited", "db")));

        // Daemon shutdown: report (needs batch) stops before batch is even signalled.
        cursor = daemon.eventCount();
        assertThat(daemon.terminate(WAIT)).isZero();
        List<JsonNode> shutdown = daemon.events().subList(cursor, daemon.eventCount());
        assertThat(indexOf(shutdown, stateTo("report", "stopped")))
                .isLessThan(indexOf(shutdown, type("process_exited", "batch")));
    }

    @Test
    void restartDependentsStopsThemFirstAndStartsThemAfterTheDependencyIsBack() throws Exception {
        daemon = DaemonHarness.start(Spine.config(dir,
                service("db", fixture("sleeper"), "restart_dependents = true", "stop_timeout = \"10s\"")
                        + service("app", fixture("sleeper"), "depends_on = { db = \"started\" }", "stop_timeout = \"10s\"")
                        + service("solo", fixture("sleeper"), "stop_timeout = \"10s\"")), dir);
        awaitState(daemon, 0, "app", "running");
        awaitState(daemon, 0, "solo", "running");

        int cursor = daemon.eventCount();
        CliResult restarted = daemon.cli("restart", "db", "--json");
        assertThat(restarted.exitCode()).as(restarted.stdout() + restarted.stderr()).isZero();
        daemon.awaitEvent(cursor, type("process_started", "app"), WAIT);
        List<JsonNode> events = daemon.events().subList(cursor, daemon.eventCount());
        // app stops before db is signalled, and starts again only after db's new start.
        assertThat(indexOf(events, stateTo("app", "stopped"))).isLessThan(indexOf(events, type("process_exited", "db")));
        assertThat(indexOf(events, type("process_started", "db"))).isLessThan(indexOf(events, type("process_started", "app")));
        assertThat(events).noneMatch(type("process_exited", "solo"));
        // The answer has app's result too, after db's: started again.
        JsonNode results = restarted.json().path("results");
        assertThat(results.findValuesAsText("name")).containsExactly("db", "app");
        assertThat(results.get(1).path("ok").asBoolean()).as(results.toString()).isTrue();
        assertThat(results.get(1).path("state").asText()).isEqualTo("running");
        assertThat(results.get(1).path("message").asText()).startsWith("restarted after db, now ● running (pid ");
    }

    @Test
    void aWaitingDependentCountsForStopAndADependencyOnlyReloadIsAdoptedWithoutARestart() throws Exception {
        Path never = dir.resolve("never.ready"); // db stays unready: web waits for it all along
        String db = service("db", fixture("sleeper"), "stop_timeout = \"10s\"")
                + "[services.db.probes.ready]\nkind = \"exec\"\ncommand = [\"/bin/sh\", \"-c\", \"test -f '" + never
                + "'\"]\nrole = \"readiness\"\ninterval = \"500ms\"\ntimeout = \"500ms\"\n\n"
                + service("web", fixture("sleeper"), "depends_on = { db = \"ready\" }", "start_timeout = \"10m\"",
                "stop_timeout = \"10s\"");
        Path file = Spine.config(dir, db + service("solo", fixture("sleeper"), "stop_timeout = \"10s\""));
        daemon = DaemonHarness.start(file, dir);
        awaitState(daemon, 0, "web", "waiting");
        awaitState(daemon, 0, "solo", "running");
        List<Long> soloPids = Spine.processesOf(daemon, "solo");
        assertThat(soloPids).isNotEmpty();

        // Only depends_on changes for solo: adopted in place, listed as such, not as changed.
        Spine.config(dir, db + service("solo", fixture("sleeper"), "stop_timeout = \"10s\"",
                "depends_on = { db = \"started\" }"));
        CliResult reload = daemon.cli("reload");
        assertThat(reload.exitCode()).as(reload.stderr()).isZero();
        assertThat(reload.stdout()).containsPattern("changed: +-").contains("adopted new dependencies: solo");
        assertThat(daemon.cli("reload", "--json").json().path("adopted").toString()).isEqualTo("[]");
        assertThat(Spine.processesOf(daemon, "solo")).isEqualTo(soloPids);

        // web is not running but waiting for db: it still keeps db from being stopped alone ...
        CliResult refused = daemon.cli("stop", "db", "--json");
        assertThat(refused.exitCode()).isEqualTo(1);
        JsonNode refusal = refused.json().path("results").get(0);
        assertThat(refusal.path("message").asText()).contains("depend on it and are running or waiting",
                "vigil stop --with-dependents db");
        assertThat(refusal.path("dependents").toString()).contains("\"web\"", "\"solo\"");
        assertThat(Spine.processesOf(daemon, "db")).isNotEmpty();
        // ... and stops (stops waiting) with it, before it.
        int cursor = daemon.eventCount();
        CliResult stopped = daemon.cli("stop", "--with-dependents", "db", "--json");
        assertThat(stopped.exitCode()).as(stopped.stdout() + stopped.stderr()).isZero();
        assertThat(stopped.json().path("results").findValuesAsText("name")).containsExactlyInAnyOrder("web", "solo", "db");
        assertThat(stopped.json().path("results").findValuesAsText("state")).containsOnly("stopped");
        List<JsonNode> stopEvents = daemon.events().subList(cursor, daemon.eventCount());
        assertThat(indexOf(stopEvents, stateTo("web", "stopped")))
                .isLessThan(indexOf(stopEvents, type("process_exited", "db")));
    }

    @Test
    void checkReportsACycleWithItsPosition() throws Exception {
        Path file = Spine.config(dir, service("a", fixture("sleeper"), "depends_on = { b = \"started\" }")
                + service("b", fixture("sleeper"), "depends_on = { a = \"ready\" }"));
        List<String> command = DaemonHarness.javaCommand("check", file.toString());
        CliResult check = CliResult.run(command);
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stdout() + check.stderr()).contains("vigil.toml:7:16: services.b.depends_on.a: is a dependency cycle: a -> b -> a");
    }
}
