package dev.codemode.samples.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
 * The chat page in headless Chromium: send the demo task, see the script wait on the approvals panel
 * (shown there once, with a countdown), approve it and see its entry turn approved, see the result,
 * the answer and the token comparison in the turn, then find its tool calls on the audit page under
 * the same turn, with durations in ms and costs in dollars. Leaves the screenshot docs/images holds.
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

        // The script waits on the approvals panel, shown there once, with a countdown; the turn points to it.
        // (The panel re-renders every second while a script waits: read each entry whole, retrying when it is replaced.)
        Map<String, String> approval = waitFor(d -> d.findElements(By.cssSelector("[data-test=approval][data-status=pending]"))
                .stream().filter(a -> a.findElement(By.cssSelector("[data-test=approval-script]")).getText()
                        .contains("\"c7\""))
                .findFirst().map(ChatPageBrowserIT::read).orElse(null));
        String approvalId = approval.get("id");
        assertThat(approval.get("tools")).isEqualTo("Needs approval: billing.apply_discount, email.send_confirmation");
        assertThat(approval.get("status")).isEqualToIgnoringCase("pending");
        assertThat(approval.get("countdown")).matches("expires in (2 min|1 min \\d{1,2} s)");
        String turnId = approval.get("turnId");
        By turn = By.cssSelector("[data-test=turn][data-turn-id='" + turnId + "']");
        String turnNumber = waitFor(d -> d.findElement(turn).findElement(By.cssSelector("[data-test=turn-number]"))
                .getText());
        assertThat(turnNumber).matches("turn \\d+");
        assertThat(approval.get("turn")).isEqualTo(turnNumber);
        waitFor(d -> !d.findElement(turn).findElements(By.cssSelector("[data-test=script-on-panel]")).isEmpty());
        assertThat(scriptsOnPage("(crm.lookup_customer, {\"customer_id\": \"c7\"})")).as("the script, once on the page").isEqualTo(1);

        waitFor(d -> {
            d.findElement(By.cssSelector("[data-test=approval][data-approval-id='" + approvalId + "'] [data-test=approve]"))
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
                .containsPattern("4 model requests, [\\d,]+ tokens in, [\\d,]+ out");
        // Code Mode's input tokens beside the estimate of standard tool calling with the support key's 7 tools
        String comparison = done.findElement(By.cssSelector("[data-test=token-comparison]")).getText();
        java.util.regex.Matcher figures = java.util.regex.Pattern.compile("Input tokens this turn: Code Mode ([\\d,]+) in"
                + " \\(4 requests\\) / standard tool calling ~([\\d,]+) in \\(estimated: 7 tool definitions on each of 4"
                + " requests, the same 4 tool calls and results\\)").matcher(comparison);
        assertThat(figures.matches()).as(comparison).isTrue();
        assertThat(number(figures.group(2))).isPositive();
        assertThat(done.findElements(By.cssSelector("[data-test=model-call]"))).hasSize(4)
                .allSatisfy(m -> assertThat(m.getText()).containsPattern("[\\d,]+ in / [\\d,]+ out \\(o200k_base\\)$"));

        // The approval keeps its one entry, now approved: no buttons, no second copy of the script.
        Map<String, String> decided = waitFor(d -> {
            List<WebElement> entries = d.findElements(By.cssSelector("[data-test=approval][data-approval-id='"
                    + approvalId + "']"));
            return entries.size() == 1 && "approved".equals(entries.get(0).getDomAttribute("data-status"))
                    ? read(entries.get(0)) : null;
        });
        assertThat(decided.get("status")).isEqualToIgnoringCase("approved");
        assertThat(decided.get("outcome")).matches("approved after \\d+\\.\\d s");
        assertThat(decided.get("buttons")).isEqualTo("0");
        assertThat(decided.get("countdown")).isEmpty();
        assertThat(scriptsOnPage("(crm.lookup_customer, {\"customer_id\": \"c7\"})")).as("the script, once on the page").isEqualTo(1);
        assertThat(done.findElements(By.cssSelector("[data-test=script]"))).hasSize(1);

        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.cssSelector("[data-test=audit-link]")).click();
        WebElement discount = waitFor(d -> {
            d.navigate().refresh(); // the audit log writes in the background
            return d.findElements(By.cssSelector("[data-test=audit-row][data-tool='billing.apply_discount']")).stream()
                    .filter(r -> r.findElement(By.cssSelector("[data-test=audit-arguments]")).getText().contains("\"c7\""))
                    .findFirst().orElse(null);
        });
        assertThat(discount.findElement(By.cssSelector("[data-test=audit-turn]")).getText()).isEqualTo(turnNumber);
        assertThat(discount.getDomAttribute("data-turn-id")).isEqualTo(turnId);
        assertThat(discount.findElement(By.cssSelector("[data-test=audit-key]")).getText()).isEqualTo("support");
        assertThat(discount.findElement(By.cssSelector("[data-test=audit-outcome]")).getText()).isEqualTo("ok");
        assertThat(discount.findElement(By.cssSelector("[data-test=audit-duration]")).getText()).matches("\\d+ ms");
        assertThat(discount.findElement(By.cssSelector("[data-test=audit-cost]")).getText()).isEqualTo("$0.01");
        assertThat(browser.findElements(By.cssSelector("[data-test=audit-row][data-turn-id='" + turnId + "']")))
                .extracting(r -> r.findElement(By.cssSelector("[data-test=audit-tool]")).getText())
                .containsExactlyInAnyOrder("crm.lookup_customer", "orders.order_history", "billing.apply_discount",
                        "email.send_confirmation");
        assertThat(browser.findElements(By.cssSelector("[data-test=audit-row][data-turn-id='" + turnId + "']"
                + " [data-test=audit-cost]")).stream().map(WebElement::getText))
                .containsExactlyInAnyOrder("$0.001", "$0.001", "$0.01", "$0.005");
        assertThat(browser.findElement(By.cssSelector("[data-test=audit-summary]")).getText())
                .containsPattern("Total cost: \\$\\d+\\.\\d{2,}$");
    }

    /** One approvals panel entry, read at once. */
    private static Map<String, String> read(WebElement entry) {
        Map<String, String> read = new HashMap<>();
        read.put("id", entry.getDomAttribute("data-approval-id"));
        read.put("turnId", entry.getDomAttribute("data-turn-id"));
        read.put("turn", entry.findElement(By.cssSelector("[data-test=approval-turn]")).getText());
        read.put("status", entry.findElement(By.cssSelector("[data-test=approval-status]")).getText());
        read.put("tools", entry.findElement(By.cssSelector("[data-test=approval-tools]")).getText());
        read.put("countdown", entry.findElements(By.cssSelector("[data-test=approval-countdown]")).stream()
                .map(WebElement::getText).findFirst().orElse(""));
        read.put("outcome", entry.findElements(By.cssSelector("[data-test=approval-outcome]")).stream()
                .map(WebElement::getText).findFirst().orElse(""));
        read.put("buttons", String.valueOf(entry.findElements(By.cssSelector("[data-test=approve], [data-test=deny]")).size()));
        return read;
    }

    /** How many script blocks on the page hold {@code text}, counted in the page at one instant. */
    private static long scriptsOnPage(String text) {
        return (Long) ((JavascriptExecutor) browser).executeScript("var text = arguments[0];"
                + " return Array.from(document.querySelectorAll('pre'))"
                + ".filter(function (e) { return e.textContent.indexOf(text) >= 0; }).length;", text);
    }

    private static int number(String text) {
        return Integer.parseInt(text.replace(",", ""));
    }

    private static <T> T waitFor(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }
}
