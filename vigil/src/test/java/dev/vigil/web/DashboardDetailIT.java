package dev.vigil.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.vigil.daemon.DaemonHarness;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the service panel shows beyond the first version, in a real browser and through the API
 * of a real daemon: each probe's last rounds (in the document and live over the stream).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardDetailIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocatorAssertions.ContainsTextOptions SOON = DashboardIT.SOON;

    private Chromium chromium;
    private DaemonHarness daemon;
    /** The port web's tcp probe connects to: this test listens on it. */
    private ServerSocket listening;
    private int port;
    private Path configPath;
    private BrowserContext context;
    private Page page;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        chromium = new Chromium();
        port = DashboardIT.freePort();
        int emptyReply = DashboardIT.freePort();
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            // Accept and close at once, or the backlog fills and later connects hang (timed out).
            while (!listening.isClosed()) {
                try {
                    listening.accept().close();
                } catch (java.io.IOException e) {
                    return; // closed at the end of the test
                }
            }
        });
        Path config = dir.resolve("vigil.toml");
        configPath = config.toAbsolutePath();
        Files.writeString(config, """
                [http]
                listen = "127.0.0.1:%d"

                [services.api]
                command = %s
                on_degraded = "warn"

                [services.api.probes.health]
                kind = "http"
                url = "http://127.0.0.1:%d/health"
                interval = "500ms"
                timeout = "400ms"
                start_grace = "0s"
                failures = 2

                [services.web]
                command = ["/bin/sleep", "600"]
                stop_timeout = "2s"

                [services.crasher]
                command = ["/bin/sh", "-c", "exit 3"]

                [services.crasher.backoff]
                initial = "10m"
                max = "10m"
                jitter = 0.0

                [services.wedge]
                command = ["/bin/sh", "-c", "echo '{\\"msg\\":\\"hello\\",\\"n\\":1}'; echo oops >&2; exec /bin/sleep 600"]
                restart_after = 1
                max_restarts = 2
                stop_timeout = "2s"

                [services.wedge.probes.alive]
                kind = "tcp"
                address = "127.0.0.1:%d"
                interval = "300ms"
                timeout = "200ms"
                failures = 1

                [services.notifier]
                command = %s
                type = "notify"
                watchdog = "4s"
                start_timeout = "60s"
                jvm = true

                [services.web.probes.port]
                kind = "tcp"
                address = "127.0.0.1:%d"
                interval = "500ms"
                timeout = "400ms"
                """.formatted(port, DaemonHarness.toml(DaemonHarness.fixture("empty-reply", "--port",
                String.valueOf(emptyReply))), emptyReply, DashboardIT.freePort(), DaemonHarness.toml(DaemonHarness.fixture("liveness-service", "--app-port",
                String.valueOf(DashboardIT.freePort()), "--health-port", String.valueOf(DashboardIT.freePort()),
                "--budget", "3s")), listening.getLocalPort()));
        daemon = DaemonHarness.start(config, dir);
        daemon.awaitEvent(DaemonHarness.event("http_listening", null, Map.of()), WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            DaemonHarness.terminateLeavingNothing(daemon, WAIT);
        } finally {
            chromium.close();
            listening.close();
        }
    }

    @BeforeEach
    void open() {
        context = chromium.dashboard(port, 1280, 800);
        page = context.pages().getFirst();
    }

    @AfterEach
    void close() {
        context.close();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private void openPanel(String name) {
        page.locator("#services tbody tr[data-name=\"" + name + "\"]")
                .getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
        assertThat(page.locator("#detail-title")).hasText(name);
    }

    private Locator row(String name) {
        return page.locator("#services tbody tr[data-name=\"" + name + "\"]");
    }

    @Test
    void theListSaysWhatThePolicyWillDoNext() throws Exception {
        await().atMost(WAIT).until(() -> get("/api/v1/services/crasher").path("state").asText().equals("backoff"));
        JsonNode crasher = get("/api/v1/services/crasher");
        assertThat(crasher.path("next_action").asText()).matches("restart \\(attempt 1\\) in \\d+m\\d\\ds");
        assertThat(crasher.path("next_action_at").asText()).isEqualTo(crasher.path("next_retry").asText());
        assertThat(crasher.path("restarts_last_hour").asInt()).isEqualTo(1);
        assertThat(crasher.path("restarts_last_day").asInt()).isEqualTo(1);

        // The page counts down from next_action_at by itself, second by second.
        assertThat(row("crasher").locator("td.c-next")).containsText("restart (attempt 1) in ", SOON);
        String shown = row("crasher").locator("td.c-next").textContent();
        assertThat(row("crasher").locator("td.c-next")).not().hasText(shown, new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(row("crasher").locator("td.c-recent")).hasText("1 · 1");
        assertThat(row("api").locator("td.c-next")).containsText("warn only (on_degraded = warn)", SOON);
        assertThat(row("web").locator("td.c-next")).hasText("restart if it exits");
    }

    @Test
    void aRestartCountsInTheLastHourAndDay() throws Exception {
        openPanel("web");
        long before = get("/api/v1/services/web").path("restarts_last_hour").asLong();
        long pid = get("/api/v1/services/web").path("processes").get(0).path("pid").asLong();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // a process our daemon started for this test

        String expected = (before + 1) + " · " + (before + 1);
        assertThat(row("web").locator("td.c-recent")).hasText(expected, new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(page.locator("#detail-next")).containsText((before + 1) + " in the last hour", SOON);
        assertThat(page.locator("#detail-next")).containsText("next: ");
    }

    private String token() throws Exception {
        DaemonHarness.CliResult created = daemon.cli("token");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        return Files.readString(daemon.stateDir().resolve("http.token")).strip();
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void probeNowOverHttpNeedsTheTokenAndAnswersWithTheRoundItRan() throws Exception {
        assertThat(post("/api/v1/services/web/probe", null).statusCode()).isEqualTo(401);

        HttpResponse<String> answer = post("/api/v1/services/web/probe?probe=port", token());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(answer.body());
        assertThat(result.path("name").asText()).isEqualTo("web");
        JsonNode round = result.path("rounds").get(0);
        assertThat(round.path("probe").asText()).isEqualTo("port");
        // The round it ran is one of the probe's rounds, counted and kept like any other.
        List<String> kept = new ArrayList<>();
        get("/api/v1/services/web").path("probes").get(0).path("recent").forEach(r -> kept.add(r.path("at").asText()));
        assertThat(kept).contains(round.path("result").path("at").asText());

        HttpResponse<String> unknown = post("/api/v1/services/web/probe?probe=nope", token());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("has no probe 'nope'");
    }

    @Test
    void probeNowFromTheCli() throws Exception {
        DaemonHarness.CliResult healthy = daemon.cli("probe-now", "web");
        assertThat(healthy.exitCode()).as(healthy.stdout() + healthy.stderr()).isZero();
        assertThat(healthy.stdout()).contains("port").contains("healthy");

        DaemonHarness.CliResult failing = daemon.cli("probe-now", "api", "--json");
        assertThat(failing.exitCode()).as(failing.stdout() + failing.stderr()).isEqualTo(1);
        JsonNode round = failing.json().path("rounds").get(0);
        assertThat(round.path("probe").asText()).isEqualTo("health");
        assertThat(round.path("result").path("outcome").asText()).isIn("unhealthy", "timed_out");

        DaemonHarness.CliResult stopped = daemon.cli("probe-now", "nosuch");
        assertThat(stopped.exitCode()).isEqualTo(4);
    }

    @Test
    void theProbeNowButtonShowsTheRound() throws Exception {
        // Another test in this class may have restarted web: wait until its probe runs again (a
        // probe-now through the CLI answers healthy), so the button finds it running.
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> daemon.cli("probe-now", "web").exitCode() == 0);
        openPanel("web");
        page.locator("#token").fill(token());
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Use").setExact(true)).click();
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Probe now").setExact(true)).click();
        assertThat(page.locator("#action-result")).containsText("probe now: port ", SOON);
        assertThat(page.locator("#action-result")).containsText("ms");
    }

    @Test
    void theHeaderShowsTheDaemonsOwnFigures() {
        Locator facts = page.locator("#daemon-facts");
        assertThat(facts).containsText("config " + configPath, SOON);
        assertThat(facts).containsText("restart budget: ", SOON);
        assertThat(facts).containsText(java.util.regex.Pattern.compile("RSS \\d+\\.\\d MiB"), SOON);
        // CPU needs two reads of /proc/self, 2 s apart; it then comes as a 'daemon' message.
        assertThat(facts).containsText(java.util.regex.Pattern.compile("CPU \\d+\\.\\d%"), SOON);
    }

    @Test
    void aProbeRestartShowsItsEvidenceAndTheLogAroundIt() {
        openPanel("wedge");
        Locator restart = page.locator("#timeline li[data-type=\"restart_triggered\"]").first();
        assertThat(restart.locator(".evidence")).containsText("evidence before the restart: pid ", SOON);
        assertThat(restart.locator(".evidence")).containsText("state S (sleeping)");

        restart.locator("button.jump").click();
        assertThat(page.locator("#log-status")).containsText("lines within 30s of", SOON);
        assertThat(page.locator("#log")).containsText("{\"msg\":\"hello\",\"n\":1}");
        assertThat(page.locator("#log .line.mark")).hasCount(1);
        // stderr is told apart by a word, not only a colour.
        assertThat(page.locator("#log .line.stderr .stream-tag").first()).hasText("ERR");
        assertThat(page.locator("#log .line.stdout .stream-tag").first()).hasText("out");

        page.locator("#log-pretty").check();
        assertThat(page.locator("#log")).containsText("\"msg\": \"hello\",\n  \"n\": 1");
        page.locator("#log-all").click();
        assertThat(page.locator("#log-status")).containsText("last ");
    }

    @Test
    void aNotifyServicesChannelShowsReadyAndItsWatchdog() throws Exception {
        await().atMost(WAIT).until(() -> get("/api/v1/services/notifier").path("state").asText().equals("running"));
        JsonNode channel = get("/api/v1/services/notifier").path("processes").get(0).path("notify_channel");
        assertThat(channel.path("ready").asBoolean()).as(channel.toString()).isTrue();
        assertThat(channel.path("ready_at").isTextual()).isTrue();
        assertThat(channel.path("watchdog_interval_ms").asLong()).isEqualTo(4000);
        assertThat(get("/api/v1/services/web").path("processes").get(0).path("notify_channel").isNull())
                .as("a simple process has no channel").isTrue();

        openPanel("notifier");
        Locator line = page.locator("#notify .notify-line").first();
        assertThat(line).containsText("notifier: READY at ", SOON);
        assertThat(line).containsText(java.util.regex.Pattern.compile("last WATCHDOG=1 \\S+ ago \\(interval 4s\\)"), SOON);
    }

    @Test
    void atPhoneWidthTheListAndThePanelFitAndTheActionsAreReachableByKeyboard() {
        try (BrowserContext phone = chromium.dashboard(port, 390, 844)) {
            Page small = phone.pages().getFirst();
            Locator web = small.locator("#services tbody tr[data-name=\"web\"]");
            assertThat(web.locator("td.pill")).containsText("running", SOON);
            assertThat(web.locator("td.pill")).isVisible();
            assertThat(small.locator("#services tbody tr[data-name=\"crasher\"] td.pill")).containsText("backoff", SOON);
            assertNoHorizontalScroll(small);

            // Keyboard only: the name opens the panel, Tab reaches every action, Enter acts.
            web.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).focus();
            small.keyboard().press("Enter");
            assertThat(small.locator("#detail-title")).hasText("web");
            assertThat(small.locator("#detail-state")).containsText("running", SOON);
            List<String> reached = new ArrayList<>();
            for (int i = 0; i < 12 && !reached.contains("Probe now"); i++) {
                small.keyboard().press("Tab");
                reached.add(String.valueOf(small.evaluate("document.activeElement.textContent")).strip());
            }
            assertThat(reached).contains("Start", "Stop", "Restart", "Reset", "Probe now");
            small.keyboard().press("Enter");
            assertThat(small.locator("#action-result")).containsText("refused", SOON); // read-only: no token here
            assertThat(small.locator("#probes .history .tick").first()).isVisible(
                    new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
            assertNoHorizontalScroll(small);
            small.keyboard().press("Escape");
            assertThat(small.locator("#detail")).isHidden();
        }
    }

    private static void assertNoHorizontalScroll(Page page) {
        Object widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]");
        List<?> w = (List<?>) widths;
        assertThat(((Number) w.get(0)).intValue()).as("page width vs viewport").isLessThanOrEqualTo(((Number) w.get(1)).intValue());
    }

    @Test
    void theServiceDocumentCarriesEachProbesLastRounds() throws Exception {
        JsonNode[] probe = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            probe[0] = get("/api/v1/services/web").path("probes").get(0);
            return probe[0].path("recent").size() >= 3;
        });
        List<Instant> times = new ArrayList<>();
        int healthy = 0;
        for (JsonNode round : probe[0].path("recent")) {
            // A loaded machine may make a round late (unknown) or slow (timed_out); most are healthy.
            if (round.path("outcome").asText().equals("healthy")) {
                healthy++;
                assertThat(round.path("latency_ms").isNumber()).as(round.toString()).isTrue();
                assertThat(round.path("reason").isNull()).as(round.toString()).isTrue();
            }
            times.add(Instant.parse(round.path("at").asText()));
        }
        assertThat(healthy).isPositive();
        assertThat(times).isSorted();
        assertThat(probe[0].path("recent").size()).isLessThanOrEqualTo(60);

        await().atMost(WAIT).until(() -> get("/api/v1/services/api").path("probes").get(0).path("recent").size() >= 2);
        JsonNode failing = get("/api/v1/services/api").path("probes").get(0).path("recent");
        assertThat(failing.get(failing.size() - 1).path("outcome").asText()).isEqualTo("unhealthy");
        assertThat(failing.get(failing.size() - 1).path("reason").asText()).isNotEmpty();
    }

    @Test
    void theStreamCarriesNewProbeRoundsOnlyOnce() throws Exception {
        try (SseReader stream = new SseReader(port, null)) {
            assertThat(stream.next(WAIT).event()).isEqualTo("snapshot");
            long lastSeq = -1;
            int seen = 0;
            while (seen < 3) {
                SseReader.Message message = stream.await(m -> "probes".equals(m.event())
                        && m.data().contains("\"service\":\"web\""), WAIT);
                for (JsonNode round : JSON.readTree(message.data()).path("rounds")) {
                    // Oldest first, each round once, across messages.
                    assertThat(round.path("seq").asLong()).isGreaterThan(lastSeq);
                    lastSeq = round.path("seq").asLong();
                    if (round.path("service").asText().equals("web")) {
                        assertThat(round.path("probe").asText()).isEqualTo("port");
                        assertThat(round.path("result").path("at").isTextual()).isTrue();
                        seen++;
                    }
                }
            }
        }
    }

    @Test
    void theStripGrowsFromTheStreamAndATickTellsItsRound() {
        openPanel("web");
        Locator ticks = page.locator("#probes .history[data-probe=\"port\"] .tick");
        assertThat(ticks.first()).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
        String newest = ticks.last().getAttribute("data-at");
        // A healthy service sends no service delta and no event: only the stream's probe rounds add ticks.
        assertThat(ticks.last()).not().hasAttribute("data-at", newest,
                new LocatorAssertions.HasAttributeOptions().setTimeout(60_000));
        assertThat(ticks.count()).isBetween(2, 60);
        assertThat(page.locator("#probes .history[data-probe=\"port\"] .tick.ok").first()).isVisible();
        assertThat(page.locator("#probes .history[data-probe=\"port\"] .spark polyline")).hasAttribute("points",
                java.util.regex.Pattern.compile("\\d+,[\\d.]+ \\d+,[\\d.]+"));

        ticks.last().hover();
        assertThat(page.locator("#probes .history[data-probe=\"port\"] .tick-info")).containsText("ok (healthy) in ");

        page.locator("#detail-close").click();
        openPanel("api");
        Locator failed = page.locator("#probes .history[data-probe=\"health\"] .tick.fail");
        assertThat(failed.first()).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
        failed.last().focus();
        assertThat(page.locator("#probes .history[data-probe=\"health\"] .tick-info")).containsText("fail (unhealthy)");
        assertThat(page.locator("#probes .history[data-probe=\"health\"] .tick-counts")).containsText("failed");
    }
}
