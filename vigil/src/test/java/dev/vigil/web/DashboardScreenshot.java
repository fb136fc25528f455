package dev.vigil.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.ColorScheme;
import java.nio.file.Path;

/**
 * Photographs a running demo's dashboard for docs/dashboard.png, once its incidents show (the
 * empty reply degraded, the crash loop restarting). Run by bin/dashboard-screenshot, which starts
 * {@code bin/vigil demo}. Args: URL PNG.
 */
final class DashboardScreenshot {

    private DashboardScreenshot() {
    }

    public static void main(String[] args) {
        try (Chromium chromium = new Chromium()) {
            BrowserContext context = chromium.browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)
                    .setColorScheme(ColorScheme.LIGHT));
            Page page = context.newPage();
            page.navigate(args[0] + "/#service=api");
            LocatorAssertions.ContainsTextOptions soon = new LocatorAssertions.ContainsTextOptions().setTimeout(90_000);
            assertThat(page.locator("#services tbody tr[data-name=\"api\"] td.pill")).containsText("◐ degraded", soon);
            assertThat(page.locator("#services tbody tr[data-name=\"flaky\"] td.reason")).containsText("restart", soon);
            assertThat(page.locator("#probes")).containsText("last:", soon);
            // A few rounds in the strip and the sparkline, and the header's figures.
            assertThat(page.locator("#probes .history .tick").nth(4)).isVisible(
                    new LocatorAssertions.IsVisibleOptions().setTimeout(90_000));
            assertThat(page.locator("#daemon-facts")).containsText("CPU", soon);
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(args[1])));
            context.close();
        }
    }
}
