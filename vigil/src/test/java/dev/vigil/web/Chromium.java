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

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
