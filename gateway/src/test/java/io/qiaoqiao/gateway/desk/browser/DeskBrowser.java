package io.qiaoqiao.gateway.desk.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium at a gateway's desk: the Debian packages {@code chromium}
 * and {@code chromium-driver} (or {@code CHROME_BIN} / {@code CHROMEDRIVER}). Without them the
 * test is skipped with a message, unless {@code REQUIRE_BROWSER=1} (CI), where that is a failure.
 * Downloads land in a directory of their own; screenshots in {@code target/desk-screenshots}.
 */
final class DeskBrowser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "desk-screenshots");
    private final ChromeDriver driver;
    private final int port;
    final Path downloads;

    private DeskBrowser(ChromeDriver driver, int port, Path downloads) {
        this.driver = driver;
        this.port = port;
        this.downloads = downloads;
    }

    /** A browser at the desk of the gateway on {@code port}, or the test skipped (failed in CI) without Chromium. */
    static DeskBrowser open(int port) {
        Path chromium = executable("CHROME_BIN", "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path driverBinary = executable("CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium == null || driverBinary == null) {
            String why = "the desk's browser tests need headless Chromium and its driver (Debian: apt-get install chromium chromium-driver);"
                    + " chromium " + (chromium == null ? "not found" : "at " + chromium) + ", chromedriver "
                    + (driverBinary == null ? "not found" : "at " + driverBinary);
            if ("1".equals(System.getenv("REQUIRE_BROWSER"))) {
                fail(why + " and REQUIRE_BROWSER=1");
            }
            Assumptions.abort("skipped: " + why);
        }
        try {
            Path downloads = Files.createTempDirectory("desk-downloads");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=zh-CN",
                    "--window-size=1280,1000", "--no-first-run", "--disable-extensions");
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false, "intl.accept_languages", "zh-CN"));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBinary.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new DeskBrowser(driver, port, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path executable(String variable, String... candidates) {
        String given = System.getenv(variable);
        for (String c : given == null ? List.of(candidates) : List.of(given)) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    ChromeDriver driver() {
        return driver;
    }

    void go(String page) {
        driver.get("http://127.0.0.1:" + port + "/desk/" + page);
    }

    /** Signs in through the form and waits for the queue. */
    void signIn(String name, String password) {
        go("index.html");
        type(By.id("name"), name);
        type(By.id("password"), password);
        driver.findElement(By.id("signin-button")).click();
        await().until(ExpectedConditions.urlContains("queue.html"));
        await().until(ExpectedConditions.textToBe(By.id("operator"), name));
    }

    WebDriverWait await() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    WebElement find(By by) {
        return await().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void type(By by, String text) {
        WebElement field = find(by);
        field.clear();
        field.sendKeys(text);
    }

    void choose(By select, String value) {
        new Select(find(select)).selectByValue(value);
    }

    /** Waits until the page's message region says something, and returns it. */
    String message() {
        return await().until(d -> {
            String text = d.findElement(By.id("message")).getText();
            return text.isBlank() ? null : text;
        });
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Saves what the page shows now (the whole page's height) as target/desk-screenshots/{name}.png. */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Dimension before = driver.manage().window().getSize();
            long height = ((Number) script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")).longValue();
            driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(Math.max(height + 140, before.getHeight()), 6000)));
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(before);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one finished download (no .crdownload left), once there is one. */
    Path awaitDownload(String suffix) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Stream<Path> files = Files.list(downloads)) {
                List<Path> done = files.filter(f -> f.toString().endsWith(suffix)).toList();
                return done.size() == 1 && Files.size(done.get(0)) > 0 ? done.get(0) : null;
            }
        }, p -> p != null);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
