package dev.codemode.samples.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The chat page in headless Chromium: send the demo task, see the script wait on the approvals panel,
 * approve it, see the result and answer in the turn, then find its tool calls on the audit page.
 * Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs
 * them); skipped only when they are absent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ChatPageBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where the test leaves a screenshot of the page after the approved turn (docs/images has a copy). */
    static final Path SCREENSHOT = Path.of("target", "screenshots", "web-chatbot.png");

    private static WebDriver browser;
    private static Path profile;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing; install Debian's chromium "
                        + "and chromium-driver (bash .ci/run installs them)");
        profile = Files.createTempDirectory("codemode-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1250", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void should_chat_approve_the_script_on_the_page_and_list_its_tool_calls_on_the_audit_page() throws IOException {
        String base = "http://127.0.0.1:" + port;
        browser.get(base + "/");
        assertThat(browser.findElement(By.cssSelector("[data-test=model]")).getText()).contains("offline replay model");

        new Select(browser.findElement(By.cssSelector("[data-test=virtual-key]"))).selectByValue("support");
        WebElement message = browser.findElement(By.cssSelector("[data-test=message]"));
        message.clear();
        message.sendKeys("Give customer c7 a loyalty discount and email them");
        browser.findElement(By.cssSelector("[data-test=send]")).click();

        // The script waits on the approvals panel, and the turn already shows it.
        WebElement approval = waitFor(d -> d.findElements(By.cssSelector("[data-test=approval]")).stream()
                .filter(a -> a.findElement(By.cssSelector("[data-test=approval-script]")).getText().contains("\"c7\""))
                .findFirst().orElse(null));
        assertThat(approval.findElement(By.cssSelector("[data-test=approval-tools]")).getText())
                .isEqualTo("Needs approval: billing.apply_discount, email.send_confirmation");
        String turnId = approval.getDomAttribute("data-turn-id");
        By turn = By.cssSelector("[data-test=turn][data-turn-id='" + turnId + "']");
        waitFor(d -> d.findElement(turn).findElement(By.cssSelector("[data-test=script]")).getText()
                .contains("crm.lookup_customer(customer_id=\"c7\")"));

        waitFor(d -> {
            d.findElement(By.cssSelector("[data-test=approval][data-turn-id='" + turnId + "'] [data-test=approve]"))
                    .click();
            return true;
        });

        waitFor(d -> "DONE".equals(d.findElement(turn).getDomAttribute("data-status")));
        WebElement done = browser.findElement(turn);
        assertThat(done.findElement(By.cssSelector("[data-test=answer]")).getText()).startsWith("Done.").contains("(c7)");
        assertThat(done.findElement(By.cssSelector("[data-tool=executeToolCode] [data-test=tool-result]")).getText())
                .contains("\"emailed\":true").contains("\"toolCalls\":4");
        assertThat(done.findElement(By.cssSelector("[data-test=approval-note]")).getText()).startsWith("approved after");
        List<String> tools = done.findElements(By.cssSelector("[data-test=tool-call]")).stream()
                .map(e -> e.getDomAttribute("data-tool")).toList();
        assertThat(tools).containsExactly("listToolFiles", "readToolFile", "readToolFile", "readToolFile",
                "readToolFile", "executeToolCode");
        assertThat(done.findElement(By.cssSelector("[data-test=tokens]")).getText())
                .containsPattern("4 model requests, \\d+ tokens in, \\d+ out");
        waitFor(d -> d.findElements(By.cssSelector("[data-test=approval][data-turn-id='" + turnId + "']")).isEmpty());

        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.cssSelector("[data-test=audit-link]")).click();
        WebElement discount = waitFor(d -> {
            d.navigate().refresh(); // the audit log writes in the background
            return d.findElements(By.cssSelector("[data-test=audit-row][data-tool='billing.apply_discount']")).stream()
                    .filter(r -> r.findElement(By.cssSelector("[data-test=audit-arguments]")).getText().contains("\"c7\""))
                    .findFirst().orElse(null);
        });
        assertThat(discount.findElement(By.cssSelector("[data-test=audit-key]")).getText()).isEqualTo("support");
        assertThat(discount.findElement(By.cssSelector("[data-test=audit-outcome]")).getText()).isEqualTo("ok");
        assertThat(discount.findElement(By.cssSelector("[data-test=audit-latency]")).getText()).matches("\\d+ ms");
        assertThat(discount.findElement(By.cssSelector("[data-test=audit-cost]")).getText()).isEqualTo("0.010000");
    }

    private static <T> T waitFor(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }
}
