package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.ControlServer;
import dev.vigil.api.FakeControlHandler;
import dev.vigil.api.ServerOptions;
import dev.vigil.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's commands, run in-process against a fake daemon on a real Unix socket. */
class CliIT {

    @TempDir
    Path dir;
    private final FakeControlHandler handler = new FakeControlHandler();
    private ControlServer server;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        server = ControlServer.start(ServerOptions.defaults(dir.resolve("vigil.sock")), handler);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private CliEnvironment env(boolean colour, CliEnvironment.Pacer pacer) {
        return new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), colour, Map.of(),
                Clock.fixed(FakeControlHandler.NOW, ZoneOffset.UTC), pacer);
    }

    private int vigil(String... args) {
        return vigil(false, args);
    }

    private int vigil(boolean colour, String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", dir.toString()));
        all.addAll(List.of(args));
        return Main.run(env(colour, d -> false), all.toArray(String[]::new));
    }

    /** The CLI on a terminal where the person answers {@code answer} to every question (recorded in {@code asked}). */
    private int vigilOnTerminal(List<String> asked, String answer, String... args) {
        CliEnvironment.Prompt prompt = new CliEnvironment.Prompt() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public java.util.Optional<String> ask(String question) {
                asked.add(question);
                return java.util.Optional.ofNullable(answer);
            }
        };
        List<String> all = new ArrayList<>(List.of("--state-dir", dir.toString()));
        all.addAll(List.of(args));
        CliEnvironment base = env(false, d -> false);
        return Main.run(new CliEnvironment(base.out(), base.err(), false, base.env(), base.clock(), base.pacer(), prompt),
                all.toArray(String[]::new));
    }

    @Test
    void stopOnATerminalAsksBeforeStoppingDependentsAndStopsThemOnYes() {
        List<String> asked = new ArrayList<>();
        assertThat(vigilOnTerminal(asked, "y", "stop", "os", "batch")).isZero();
        assertThat(asked).containsExactly("os has running dependents: web. Stop them too? [y/N] ");
        assertThat(handler.calls).containsExactly("stop os,batch", "stop --with-dependents os");
        assertThat(outLines()).hasSize(3).anySatisfy(l -> assertThat(l).matches("ok +web +○ stopped +stopped"))
                .anySatisfy(l -> assertThat(l).matches("ok +os +○ stopped +stopped"))
                .anySatisfy(l -> assertThat(l).matches("ok +batch +○ stopped +stopped"));
    }

    @Test
    void stopOnATerminalKeepsTheRefusalOnNoOrEndOfInput() {
        for (String answer : java.util.Arrays.asList("", "n", null)) {
            List<String> asked = new ArrayList<>();
            handler.calls.clear();
            out.getBuffer().setLength(0);
            assertThat(vigilOnTerminal(asked, answer, "stop", "os")).isEqualTo(ExitCodes.FAILED);
            assertThat(asked).hasSize(1);
            assertThat(handler.calls).containsExactly("stop os");
            assertThat(out.toString()).contains("FAILED", "not stopped: web depends on it");
        }
    }

    @Test
    void stopWithoutATerminalOrWithJsonNeverAsks() {
        assertThat(vigil("stop", "os")).isEqualTo(ExitCodes.FAILED);
        assertThat(out.toString()).contains("not stopped: web depends on it");
        List<String> asked = new ArrayList<>();
        assertThat(vigilOnTerminal(asked, "y", "stop", "os", "--json")).isEqualTo(ExitCodes.FAILED);
        assertThat(vigilOnTerminal(asked, "y", "stop", "--with-dependents", "os")).isZero();
        assertThat(asked).isEmpty();
        assertThat(handler.calls).containsExactly("stop os", "stop os", "stop --with-dependents os");
    }

    private List<String> outLines() {
        return out.toString().lines().toList();
    }

    @Test
    void listShowsOneRowPerServiceWithGlyphWordAndReason() {
        assertThat(vigil("list")).isZero();
        List<String> lines = outLines();
        assertThat(lines.getFirst()).startsWith("STATE").contains("NAME", "PIDS", "UPTIME", "RESTARTS", "REASON");
        assertThat(lines).hasSize(6);
        assertThat(lines.get(1)).matches("○ stopped +batch +- +- +0 +stopped by request");
        assertThat(lines.get(2)).matches("◌ backoff +cron +- +- +2 +exited with code 1 — restart \\(attempt 2\\) in 4s");
        assertThat(lines.get(3)).matches("◐ degraded +os +2001,2002 +1h02m +1 +ui: connect refused \\(unix:/run/os/ui.sock\\), 3/3; status: serving — warn only \\(on_degraded = warn\\)");
        assertThat(lines.get(4)).matches("● running +web +1234 +2h00m +0");
        assertThat(lines.get(5)).matches("✕ failed +worker +- +- +5 +crash loop: 5 restarts within 60s — retry in 4m00s");
        assertThat(out.toString()).doesNotContain("\u001b[");
        // Columns line up: every NAME starts at the same offset.
        assertThat(lines.stream().skip(1).map(l -> l.indexOf(l.split(" +")[2], 2)).distinct()).hasSize(1);
    }

    @Test
    void listWideAddsRecentRestartsAndEveryNextAction() {
        assertThat(vigil("list", "--wide")).isZero();
        List<String> lines = outLines();
        assertThat(lines.getFirst()).matches("STATE +NAME +PIDS +UPTIME +RESTARTS +RESTARTS\\(1H/24H\\) +NEXT +REASON");
        assertThat(lines.get(1)).matches("○ stopped +batch +- +- +0 +0/0 +no action \\(stopped\\) +stopped by request");
        assertThat(lines.get(2)).matches("◌ backoff +cron +- +- +2 +2/2 +restart \\(attempt 2\\) in 4s +exited with code 1");
        assertThat(lines.get(4)).matches("● running +web +1234 +2h00m +0 +0/0 +restart if it exits");
        assertThat(lines.get(5)).matches("✕ failed +worker +- +- +5 +5/7 +retry in 4m00s +crash loop: 5 restarts within 60s");
    }

    @Test
    void colourOnlyRepeatsWhatGlyphAndWordSay() {
        assertThat(vigil(true, "list")).isZero();
        String text = out.toString();
        assertThat(text).contains("\u001b[33m◐ degraded").contains("\u001b[31m✕ failed").contains("\u001b[32m● running");
        String stripped = text.replaceAll("\u001b\\[[0-9;]*m", "");
        assertThat(stripped.lines().toList().get(3)).matches("◐ degraded +os +2001,2002 .*");
    }

    @Test
    void listJsonIsTheApiResult() {
        assertThat(vigil("list", "--json")).isZero();
        Map<?, ?> parsed = (Map<?, ?>) Json.parse(out.toString());
        List<?> services = (List<?>) parsed.get("services");
        assertThat(services).hasSize(5);
        assertThat(obj(services.get(2))).containsEntry("name", "os").containsEntry("state", "degraded")
                .containsEntry("uptime_ms", 3_723_000L).containsKey("failing_probes");
    }

    @Test
    void statusExitCodesTellTheState() {
        assertThat(vigil("status", "web")).isEqualTo(ExitCodes.OK);
        assertThat(vigil("status", "os")).isEqualTo(ExitCodes.FAILED);
        assertThat(vigil("status", "worker")).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(vigil("status", "batch")).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(vigil("status", "cron")).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(vigil("status", "os", "--json")).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void statusShowsProcessesProbesAndEvents() {
        vigil("status", "os");
        String text = out.toString();
        assertThat(text.lines().findFirst().orElseThrow()).isEqualTo("◐ degraded  os  since 2026-11-23T09:59:30Z (30s ago)");
        assertThat(text).contains("reason:", "probe ui failing", "next:        warn only (on_degraded = warn)",
                "restarts:    1 (0 in the last hour, 1 in the last day)", "next retry:", "Recent rounds (oldest first)\n  ui  .xxx\n");
        assertThat(text).containsPattern("server +2001 +2001 +1h02m +yes +-");
        assertThat(text).containsPattern("ui +- +- +- +no +killed by SIGKILL \\(40s ago\\)");
        assertThat(text).containsPattern("ui +tcp +unix:/run/os/ui.sock +liveness +failing +3/3 +0 +1ms +in 1s +unhealthy: connect refused");
        assertThat(text).containsPattern("2026-11-23T09:59:20Z +warn +os/ui +process_exited +signal=SIGKILL");
    }

    @Test
    void anUnknownServiceGetsADidYouMean() {
        assertThat(vigil("status", "wbe")).isEqualTo(ExitCodes.UNKNOWN_SERVICE);
        assertThat(err.toString().strip()).isEqualTo(
                "vigil: unknown service 'wbe'. Did you mean 'web'? Services: batch, cron, os, web, worker");
        assertThat(out.toString()).isEmpty();
        assertThat(vigil("restart", "web", "wroker")).isEqualTo(ExitCodes.UNKNOWN_SERVICE);
        assertThat(err.toString()).contains("Did you mean 'worker'?");
    }

    @Test
    void noDaemonIsOneLineNamingTheSocketAndHowToStartOne() throws IOException {
        server.close();
        assertThat(vigil("list")).isEqualTo(ExitCodes.NO_DAEMON);
        assertThat(err.toString().lines().toList()).containsExactly("vigil: no daemon: " + dir.resolve("vigil.sock")
                + " does not exist; start one with: vigil daemon --config PATH --state-dir " + dir);
        assertThat(vigil("status", "web")).isEqualTo(ExitCodes.NO_DAEMON);
    }

    @Test
    void aDaemonOfAnotherUserIsNoDaemonForThisOne() throws IOException {
        server.close();
        var nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        server = ControlServer.start(ServerOptions.defaults(dir.resolve("vigil.sock")).withAllowedUser(nobody), handler);
        assertThat(vigil("list")).as(() -> err.toString()).isEqualTo(ExitCodes.NO_DAEMON);
        assertThat(vigil("stop", "web")).as(() -> err.toString()).isEqualTo(ExitCodes.NO_DAEMON);
        assertThat(err.toString().lines().toList()).hasSize(2).allSatisfy(line -> assertThat(line).contains("permission denied"));
    }

    @Test
    void commandsReportPerServiceAndTakeAll() {
        assertThat(vigil("restart", "web", "os")).isZero();
        assertThat(outLines()).hasSize(2);
        assertThat(outLines().getFirst()).matches("ok +web +◌ starting +restarted");
        assertThat(vigil("stop", "--all", "--json")).isZero();
        assertThat(handler.calls).containsExactly("restart web,os", "stop --all");
        assertThat(vigil("start")).isEqualTo(ExitCodes.USAGE);
        assertThat(vigil("start", "web", "--all")).isEqualTo(ExitCodes.USAGE);
        assertThat(vigil("reset", "worker")).isZero();
        assertThat(handler.calls).endsWith("reset worker");
    }

    @Test
    void logsPrintTheTailAndFollowWithoutDuplicatesOrLoss() {
        assertThat(vigil("logs", "os", "-n", "2")).isZero();
        assertThat(outLines()).containsExactly(
                "2026-11-23T10:00:04Z ui! | line 4",
                "2026-11-23T10:00:05Z ui | line 5");

        out.getBuffer().setLength(0);
        AtomicInteger polls = new AtomicInteger();
        CliEnvironment.Pacer pacer = d -> {
            int n = polls.incrementAndGet();
            if (n > 3) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                handler.appendLog("server", "poll " + n + " line " + i);
            }
            return true;
        };
        int code = Main.run(env(false, pacer), "--state-dir", dir.toString(), "logs", "os", "-n", "1", "-f");
        assertThat(code).isZero();
        assertThat(outLines()).extracting(l -> l.substring(l.indexOf("| ") + 2)).containsExactly(
                "line 5", "poll 1 line 0", "poll 2 line 0", "poll 2 line 1", "poll 3 line 0", "poll 3 line 1", "poll 3 line 2");
    }

    @Test
    void logsJsonIsOneObjectPerLine() {
        assertThat(vigil("logs", "os", "--process", "server", "--json")).isZero();
        assertThat(outLines()).hasSize(3).allSatisfy(l -> assertThat(obj(Json.parse(l))).containsEntry("process", "server"));
    }

    @Test
    void eventsSinceIsResolvedAgainstTheClock() {
        assertThat(vigil("events", "--since", "90s")).isZero();
        assertThat(handler.calls).containsExactly("events null 2026-11-23T09:58:30Z 50");
        assertThat(outLines()).hasSize(2);
        assertThat(outLines().getFirst()).matches("2026-11-23T09:59:00Z +warn +os/ui +probe_failed +probe=ui reason=\"connect refused\" consecutive=3");
        assertThat(vigil("events", "--since", "yesterday")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--since", "yesterday");
        assertThat(vigil("events", "os", "--limit", "1", "--json")).isZero();
    }

    @Test
    void reloadShowsChangesOrEveryProblem() {
        assertThat(vigil("reload")).isZero();
        assertThat(out.toString()).containsPattern("added: +new").containsPattern("unchanged: +batch, web");
        handler.reloadProblems = List.of("vigil.toml:3:1: services.x.command: missing", "vigil.toml:9:5: services.y.restart: 'sometimes' is not one of always, on-failure, never");
        assertThat(vigil("reload")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("config rejected (2 problems)", "  vigil.toml:3:1: services.x.command: missing", "  vigil.toml:9:5:");
    }

    @Test
    void theFastPathPrintsExactlyWhatPicocliWould() {
        List<List<String>> lines = List.of(List.of("list"), List.of("list", "--json"), List.of("status", "os"),
                List.of("status", "os", "--json"), List.of("status", "wbe"), List.of("--timeout=5s", "status", "worker"),
                List.of("list", "--wide"), List.of("status", "os", "--wide"));
        for (List<String> args : lines) {
            List<String> all = new ArrayList<>(List.of("--state-dir", dir.toString()));
            all.addAll(args);
            String[] argv = all.toArray(String[]::new);
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            int fastCode = Main.run(env(false, d -> false), argv);
            String fastOut = out.toString();
            String fastErr = err.toString();
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            int slowCode = Main.runWithPicocli(env(false, d -> false), argv);
            assertThat(fastCode).as(args.toString()).isEqualTo(slowCode);
            assertThat(fastOut).as(args.toString()).isEqualTo(out.toString());
            assertThat(fastOut + fastErr).as(args.toString()).isNotEmpty();
            assertThat(fastErr).as(args.toString()).isEqualTo(err.toString());
        }
        assertThat(FastPath.tryRun(env(false, d -> false), new String[] {"list", "--help"})).isEmpty();
        assertThat(FastPath.tryRun(env(false, d -> false), new String[] {"status"})).isEmpty();
        assertThat(FastPath.tryRun(env(false, d -> false), new String[] {"--timeout", "soon", "list"})).isEmpty();
        assertThat(FastPath.tryRun(env(false, d -> false), new String[] {"logs", "os"})).isEmpty();
    }

    @Test
    void globalOptionsWorkAfterTheSubcommandToo() {
        int code = Main.run(env(false, d -> false), "list", "--socket", dir.resolve("vigil.sock").toString());
        assertThat(code).isZero();
        assertThat(outLines()).hasSize(6);
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String command : List.of("list", "status", "start", "stop", "restart", "reset", "logs", "events", "reload")) {
            out.getBuffer().setLength(0);
            assertThat(vigil(command, "--help")).as(command).isZero();
            assertThat(out.toString()).as(command).contains("Usage: vigil " + command).contains("Example");
        }
        out.getBuffer().setLength(0);
        assertThat(vigil("--help")).isZero();
        assertThat(out.toString()).contains("list", "status", "logs", "Example");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object parsed) {
        return (Map<String, Object>) parsed;
    }
}
