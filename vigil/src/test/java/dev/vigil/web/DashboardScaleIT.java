package dev.vigil.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.vigil.daemon.DaemonHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 500 services in the dashboard of a real daemon: all are listed from the stream's one snapshot.
 * The time to the first full render is printed (and measured properly in bench/dashboard, see
 * docs/benchmarks/http.md); the bound asserted here is deliberately loose, for a loaded machine.
 */
class DashboardScaleIT {

    private static final int SERVICES = 500;

    @TempDir
    Path dir;

    @Test
    void fiveHundredServicesAreListed() throws Exception {
        int port = DashboardIT.freePort();
        StringBuilder config = new StringBuilder("[http]\nlisten = \"127.0.0.1:" + port + "\"\n\n");
        for (int i = 0; i < SERVICES; i++) {
            // Not started: the page's work is the same, the machine's is not.
            config.append("[services.svc-%03d]\ncommand = [\"/bin/sleep\", \"600\"]\nautostart = false\n\n".formatted(i));
        }
        Path file = dir.resolve("vigil.toml");
        Files.writeString(file, config);
        DaemonHarness daemon = DaemonHarness.start(file, dir);
        try (Chromium chromium = new Chromium()) {
            daemon.awaitEvent(DaemonHarness.event("daemon_started", null, Map.of()), Duration.ofSeconds(60));
            BrowserContext context = chromium.browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + port + "/");
            assertThat(page.locator("body")).hasAttribute("data-rendered", String.valueOf(SERVICES),
                    new LocatorAssertions.HasAttributeOptions().setTimeout(60_000));
            assertThat(page.locator("#services tbody tr")).hasCount(SERVICES);
            assertThat(page.locator("#services tbody tr").first().locator("td.pill")).hasText("○ stopped");
            double firstRender = ((Number) page.evaluate("window.vigilFirstRender")).doubleValue();
            System.out.printf("dashboard: %d services on screen %.0f ms after navigation start%n", SERVICES, firstRender);
            assertThat(firstRender).as("ms to the first full render (loose bound)").isLessThan(15_000);
            context.close();
        } finally {
            DaemonHarness.terminateLeavingNothing(daemon, Duration.ofSeconds(60));
        }
    }
}
