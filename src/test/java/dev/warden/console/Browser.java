package dev.warden.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code ./test} installs) driving the console over real HTTP.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Screenshots of the main pages; docs/console/ holds the copies shown in the README. */
    static final Path SCREENSHOTS = Path.of("target", "console");

    final ChromeDriver driver;
    private final WebDriverWait wait;
    private final Path profile;

    Browser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console tests need Debian's chromium and chromium-driver:"
                    + " run ./test (it installs them) or apt-get install chromium chromium-driver");
        }
        profile = Files.createTempDirectory("warden-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // The flags keep Chromium off the network (closed here) and fit a root CI container.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1366,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(By by) {
        try {
            return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(by + " did not appear; the page shows:\n" + pageText(), e);
        }
    }

    WebElement byId(String id) {
        return find(By.id(id));
    }

    /**
     * Clicks the button (or link) whose accessible name (visible text or aria-label) is exactly
     * {@code text}, once it is there; a
     * list re-rendered between finding and clicking is found again.
     */
    void click(String text) {
        By by = buttonNamed(text);
        try {
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(driver -> {
                        WebElement button =
                                ExpectedConditions.elementToBeClickable(by).apply(driver);
                        if (button == null) return false;
                        button.click();
                        return true;
                    });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no button " + text + "; the page shows:\n" + pageText(), e);
        }
    }

    /** Whether the page has a button (or link) named {@code text} now; ask once the page is drawn. */
    boolean hasButton(String text) {
        return !driver.findElements(buttonNamed(text)).isEmpty();
    }

    private static By buttonNamed(String text) {
        return By.xpath("//button[normalize-space()=" + literal(text) + " or @aria-label=" + literal(text)
                + "] | //a[normalize-space()=" + literal(text) + "]");
    }

    void type(String id, String text) {
        WebElement input = byId(id);
        input.clear();
        input.sendKeys(text);
    }

    /** Waits until the page's visible text contains {@code text}; answers the element holding it. */
    WebElement waitForText(String text) {
        return find(By.xpath("//*[contains(normalize-space(text()), " + literal(text) + ")]"));
    }

    /** The console's status line or error line, once it says something. */
    String status(String cssClass) {
        try {
            return wait.until(driver -> {
                for (WebElement line : driver.findElements(By.cssSelector("p." + cssClass))) {
                    if (line.isDisplayed() && !line.getText().isBlank()) return line.getText();
                }
                return null;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no " + cssClass + " line appeared; the page shows:\n" + pageText(), e);
        }
    }

    void waitUntil(java.util.function.Supplier<Boolean> condition) {
        wait.until(driver -> condition.get());
    }

    /** The rows of the page's first table (a mesh page's indexes come after its documents). */
    List<WebElement> rows() {
        return driver.findElement(By.cssSelector("#page table")).findElements(By.cssSelector("tbody tr"));
    }

    String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    private static String literal(String text) {
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }

    @Override
    public void close() {
        driver.quit();
    }
}
