package dev.vigil.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

/**
 * Time to the first full render of the dashboard (bench/dashboard.sh): RUNS fresh pages, each
 * printing the ms from navigation start until every service of the snapshot was on screen.
 * Args: URL SERVICES RUNS.
 */
final class DashboardRenderBench {

    private DashboardRenderBench() {
    }

    public static void main(String[] args) {
        int services = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        try (Chromium chromium = new Chromium()) {
            for (int run = 0; run < runs; run++) {
                BrowserContext context = chromium.browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
                Page page = context.newPage();
                page.navigate(args[0] + "/");
                assertThat(page.locator("body")).hasAttribute("data-rendered", String.valueOf(services),
                        new LocatorAssertions.HasAttributeOptions().setTimeout(60_000));
                double ms = ((Number) page.evaluate("window.vigilFirstRender")).doubleValue();
                System.out.printf("first_render_ms %.0f%n", ms);
                context.close();
            }
        }
    }
}
