package dev.vigil.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.vigil.daemon.DaemonHarness;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (Debian's Chromium through Playwright) against a real daemon
 * supervising fixture services: it updates by itself, shows restarts, acts only with the token,
 * and reconnects after the daemon restarts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Generous: the machine is shared and loaded; the page waits on events, not on time. */
    static final LocatorAssertions.ContainsTextOptions SOON = new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    private Chromium chromium;
    private DaemonHarness daemon;
    private int port;
    private BrowserContext context;
    private Page page;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        chromium = new Chromium();
        port = freePort();
        int emptyReply = freePort();
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [http]
                listen = "127.0.0.1:%d"

                [services.api]
                command = %s
                on_degraded = "warn"

                [services.api.probes.health]
                kind = "http"
                url = "http://127.0.0.1:%d/health"
                interval = "1s"
                timeout = "500ms"
                start_grace = "1s"
                failures = 2

                [services.web]
                command = ["/bin/sleep", "600"]
                stop_timeout = "2s"
                """.formatted(port, DaemonHarness.toml(DaemonHarness.fixture("empty-reply", "--port",
                String.valueOf(emptyReply))), emptyReply));
        daemon = DaemonHarness.start(config, dir);
        daemon.awaitEvent(DaemonHarness.event("http_listening", null, Map.of()), WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            DaemonHarness.terminateLeavingNothing(daemon, WAIT);
        } finally {
            chromium.close();
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

    private Locator row(String name) {
        return page.locator("#services tbody tr[data-name=\"" + name + "\"]");
    }

    private Locator pid(String process) {
        return page.locator("#processes tbody tr").filter(new Locator.FilterOptions().setHasText(process)).locator("td.pid");
    }

    private void openPanel(String name) {
        row(name).getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
        assertThat(page.locator("#detail-title")).hasText(name);
    }

    @Test
    @Order(1)
    void theEmptyReplyServiceTurnsDegradedWithItsReasonWithoutAReload() {
        // The page loaded before the probe's verdict: only the stream can bring the change.
        assertThat(row("api").locator("td.pill")).containsText("◐ degraded", SOON);
        assertThat(row("api").locator("td.reason")).containsText("health: ", SOON);
        assertThat(row("web").locator("td.pill")).containsText("● running", SOON);
        // Failing first.
        assertThat(page.locator("#services tbody tr").first()).hasAttribute("data-name", "api");
    }

    @Test
    @Order(2)
    void killingAProcessShowsTheRestart() throws Exception {
        openPanel("web");
        assertThat(pid("web")).hasText(Pattern.compile("\\d+"), new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        long before = Long.parseLong(pid("web").textContent().strip());
        ProcessHandle.of(before).orElseThrow().destroyForcibly(); // a process our daemon started for this test

        assertThat(row("web").locator("td.c-rs")).hasText("1", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(row("web").locator("td.reason")).containsText("restarted", SOON);
        assertThat(page.locator("#timeline")).containsText("process_exited", SOON);
        assertThat(pid("web")).not().hasText(String.valueOf(before), new LocatorAssertions.HasTextOptions().setTimeout(60_000));
    }

    @Test
    @Order(3)
    void restartIsRefusedWithoutATokenAndTheButtonRestartsWithIt() throws Exception {
        openPanel("web");
        assertThat(page.locator("#mode")).containsText("read-only");
        assertThat(pid("web")).hasText(Pattern.compile("\\d+"), new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        String before = pid("web").textContent().strip();

        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Restart").setExact(true)).click();
        assertThat(page.locator("#action-result")).containsText("refused", SOON);
        assertThat(page.locator("#mode")).containsText("read-only");
        assertThat(pid("web")).hasText(before);

        DaemonHarness.CliResult created = daemon.cli("token");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        String token = Files.readString(daemon.stateDir().resolve("http.token")).strip();
        page.locator("#token").fill(token);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Use").setExact(true)).click();
        assertThat(page.locator("#mode")).hasText("actions enabled");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Restart").setExact(true)).click();
        assertThat(page.locator("#action-result")).containsText("restarted", SOON);
        assertThat(pid("web")).hasText(Pattern.compile("\\d+"), new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(pid("web")).not().hasText(before, new LocatorAssertions.HasTextOptions().setTimeout(60_000));
    }

    @Test
    @Order(4)
    void afterTheDaemonRestartsThePageReconnectsByItself() throws Exception {
        assertThat(row("web").locator("td.pill")).containsText("● running", SOON);
        String pidsBefore = row("web").locator("td.c-pids").textContent();

        assertThat(daemon.terminate(WAIT)).isZero();
        assertThat(page.locator("#link")).containsText("disconnected", SOON);

        daemon.restart();
        assertThat(page.locator("#link")).hasText("live", new LocatorAssertions.HasTextOptions().setTimeout(90_000));
        // The new daemon's snapshot replaced the old one: new PIDs, no reload.
        assertThat(row("web").locator("td.pill")).containsText("● running", SOON);
        assertThat(row("web").locator("td.c-pids")).not().hasText(pidsBefore, new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(row("web").locator("td.c-pids")).hasText(Pattern.compile("\\d+"), new LocatorAssertions.HasTextOptions().setTimeout(60_000));
    }
}
