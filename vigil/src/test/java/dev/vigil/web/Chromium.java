package dev.vigil.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, headless: the browser is never downloaded
 * ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD}), bin/install-test-deps installs {@code chromium}.
 */
final class Chromium implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/lib/chromium/chromium");
    private static final List<String> FLAGS = List.of("--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-quic", "--no-first-run", "--disable-gpu", "--disable-dev-shm-usage");

    private final Playwright playwright;
    final Browser browser;

    Chromium() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE)
                .setHeadless(true).setChromiumSandbox(false).setArgs(FLAGS));
    }

    /**
     * A new browser context of {@code width} x {@code height} with the dashboard of the listener on
     * {@code port} open, once its stream is live; confirmation dialogs are accepted. Close the context.
     */
    com.microsoft.playwright.BrowserContext dashboard(int port, int width, int height) {
        com.microsoft.playwright.BrowserContext context = browser.newContext(
                new Browser.NewContextOptions().setViewportSize(width, height));
        com.microsoft.playwright.Page page = context.newPage();
        page.onDialog(dialog -> dialog.accept());
        page.navigate("http://127.0.0.1:" + port + "/");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#link")).hasText("live",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
        return context;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
