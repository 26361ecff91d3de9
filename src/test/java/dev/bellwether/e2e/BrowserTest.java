package dev.bellwether.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ScreenshotAnimations;

/**
 * Base of the browser suite: headless Debian Chromium driven by Playwright for Java, signing in
 * through Keycloak's own login page. Where Chromium is missing the tests are skipped with a loud
 * warning, unless {@code -Dbellwether.browser.required=true} (set by CI) makes that a failure.
 */
public abstract class BrowserTest {

    static final Path CHROMIUM = Paths.get(System.getProperty("bellwether.chromium", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Paths.get(System.getProperty("bellwether.screenshots", "target/screenshots"));

    private static Playwright playwright;
    private static Browser browser;

    protected BrowserContext context;
    protected Page page;

    @BeforeAll
    static void launchBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            String message = """

                    ************************************************************************
                    *  BROWSER TESTS SKIPPED: no Chromium at %s
                    *  Install it with:  sudo apt-get update && sudo apt-get install -y chromium
                    *  (CI sets -Dbellwether.browser.required=true, which makes this fail.)
                    ************************************************************************
                    """.formatted(CHROMIUM);
            if (Boolean.getBoolean("bellwether.browser.required")) {
                throw new IllegalStateException(message);
            }
            System.err.println(message);
            Assumptions.abort("Chromium is not installed at " + CHROMIUM);
        }
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }

    @BeforeEach
    void newContext() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        context.setDefaultTimeout(30_000);
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    /** Replaces this test's browser context by one with {@code options} (a colour scheme, no CSP for axe, …). */
    protected void reopenContext(Browser.NewContextOptions options) {
        if (context != null) {
            context.close();
        }
        context = browser.newContext(options);
        context.setDefaultTimeout(30_000);
        page = context.newPage();
    }

    /** The packaged app under test. */
    protected static String appUrl(String path) {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
        return "http://localhost:" + port + path;
    }

    /** Opens {@code path}, signs in on Keycloak's login page, and waits to be back in the app. */
    protected void signIn(String path, String username, String password) {
        page.navigate(appUrl(path));
        enterCredentials(username, password);
        page.waitForURL(url -> url.startsWith(appUrl("")));
    }

    /**
     * Fills Keycloak's login: with organizations on, the realm asks for the username first
     * (identity-first, so a member of a company with its own sign-in can be sent there), then for
     * the password on a second page.
     */
    protected void enterCredentials(String username, String password) {
        page.getByLabel("Username or email").fill(username);
        Locator passwordField = page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true));
        if (passwordField.count() == 0) {
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign In")).click();
        }
        passwordField.fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign In")).click();
    }

    private static final java.util.Set<String> SAMPLED = new java.util.HashSet<>();

    /**
     * Imports the contract's sample through the API as {@code admin} (into that admin's tenant),
     * once per test JVM, and waits until its recalculation is done. Call it from a test or a
     * {@code @BeforeEach}, once Quarkus has pointed REST Assured at the app under test.
     */
    protected static void loadSampleAs(String admin) throws InterruptedException {
        synchronized (SAMPLED) {
            if (SAMPLED.contains(admin)) {
                return;
            }
            String token = KeycloakApiIT.passwordGrantToken(admin);
            String id = dev.bellwether.testing.ImportClient.upload(token,
                    dev.bellwether.testing.ImportClient.SAMPLE.resolve("all.zip"))
                    .then().statusCode(201).extract().path("id");
            awaitRecalculation(token, id, "the sample's recalculation");
            SAMPLED.add(admin);
        }
    }

    /** Waits (up to 90 s) until import {@code id}'s recalculation is done; fails saying {@code what} otherwise. */
    protected static void awaitRecalculation(String token, String id, String what) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(90);
        String state;
        do {
            Thread.sleep(300);
            state = io.restassured.RestAssured.given().auth().oauth2(token).get("/api/v1/imports/" + id).then()
                    .statusCode(200).extract().path("recalculation");
        } while (!"done".equals(state) && java.time.Instant.now().isBefore(deadline));
        org.junit.jupiter.api.Assertions.assertEquals("done", state, what);
    }

    /**
     * Brings every chart of the page near the screen in turn (charts.js draws a chart only when it nears
     * the screen), waits until all are drawn, and scrolls back to the top.
     */
    protected void drawEveryChart() {
        page.evaluate("""
                async () => {
                  for (const chart of document.querySelectorAll('[data-chart]')) {
                    chart.scrollIntoView({ block: 'center' });
                    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50)));
                  }
                }""");
        page.waitForFunction("() => [...document.querySelectorAll('[data-chart]')].every(e => e.dataset.drawn)", null,
                new Page.WaitForFunctionOptions().setTimeout(30_000));
        page.evaluate("() => window.scrollTo(0, 0)");
    }

    /**
     * Saves a full-page screenshot under target/screenshots for a person to look at; it checks nothing. Chromium's
     * capture of a long page on a busy two-core machine sometimes never finishes (twice in a row for the same
     * page, once in CI and once here, after its fonts had loaded), so a capture may take 90 s with CSS animations
     * stopped; when it does not finish, the visible part is saved instead, and when even that does not, the test
     * goes on without this picture, saying so: what the test asserts is checked apart from the picture.
     */
    protected void screenshot(String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        Page.ScreenshotOptions options = new Page.ScreenshotOptions().setPath(file).setFullPage(true)
                .setAnimations(ScreenshotAnimations.DISABLED).setTimeout(90_000);
        try {
            page.screenshot(options);
        } catch (TimeoutError slow) {
            System.err.println("screenshot " + name + ": the full page did not come within 90 s; saving the visible"
                    + " part");
            try {
                page.screenshot(options.setFullPage(false).setTimeout(30_000));
            } catch (TimeoutError again) {
                System.err.println("screenshot " + name + ": no picture (the visible part did not come either)");
            }
        }
    }
}
