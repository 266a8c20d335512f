package dev.codemode.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.codemode.json.JsonValues;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Skills in a whole Spring Boot application with H2: a script run through the executeToolCode callback
 * with {@code saveAs} is saved in the database under its caller's key, the {@code codemodeskills} endpoint
 * lists and shows it over HTTP with the key masked, a later execution calls it as {@code skills.name(...)},
 * and after {@code DELETE} it is gone for the model too.
 */
@SpringBootTest(classes = SkillsSpringBootIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:codemode-skills-it;DB_CLOSE_DELAY=-1",
                "spring.ai.codemode.skills.enabled=true",
                "spring.ai.codemode.virtual-keys.support-7f3a.tools[0]=crm.lookup_customer",
                "spring.ai.codemode.auto-execute.tools[0]=crm.lookup_customer",
                "spring.ai.codemode.warm-up=false",
                "management.endpoints.web.exposure.include=codemodeskills" })
class SkillsSpringBootIT {

    private static final String KEY = "support-7f3a";
    private static final String SCRIPT = """
            def customer_name(id):
                \"\"\"The name of one customer.

                Args:
                    id (str): the customer id
                \"\"\"
                return crm.lookup_customer(id=id)["name"]

            result = customer_name(id="c1")
            """;

    @Autowired
    CodeModeToolCallbacks callbacks;
    @Autowired
    DataSource dataSource;
    @LocalServerPort
    int port;

    @Test
    void aSkillSavedThroughExecuteToolCodeIsListedCalledAndDeleted() throws Exception {
        String saved = call("executeToolCode", Map.of("code", SCRIPT, "saveAs", "customer_name"));
        assertThat(saved).contains("Ada").contains("saved skills.customer_name(id: str) as version 1");
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "SELECT scope FROM codemode_skill WHERE name = 'customer_name'", String.class)).isEqualTo(KEY);

        HttpResponse<String> listed = http("GET", "/actuator/codemodeskills");
        assertThat(listed.statusCode()).isEqualTo(200);
        List<?> skills = (List<?>) JsonValues.parse(listed.body());
        assertThat(skills).hasSize(1);
        Map<?, ?> skill = (Map<?, ?>) skills.get(0);
        assertThat(skill.get("name")).isEqualTo("customer_name");
        assertThat(skill.get("scope")).isEqualTo("sup***");
        assertThat(skill.get("signature")).isEqualTo("customer_name(id: str)");
        assertThat(skill.get("tools")).isEqualTo(List.of("crm.lookup_customer"));
        assertThat(listed.body()).doesNotContain("7f3a");

        HttpResponse<String> shown = http("GET", "/actuator/codemodeskills/customer_name");
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("return crm.lookup_customer(id=id)").doesNotContain("7f3a");

        assertThat(call("listToolFiles", Map.of())).contains("skills.pyi");
        String used = call("executeToolCode", Map.of("code", "result = skills.customer_name(id=\"c2\")"));
        assertThat(used).contains("Ada").doesNotContain("error");

        assertThat(http("DELETE", "/actuator/codemodeskills/customer_name").statusCode()).isEqualTo(200);
        assertThat(http("GET", "/actuator/codemodeskills").body()).isEqualTo("[]");
        assertThat(http("GET", "/actuator/codemodeskills/customer_name").statusCode()).isEqualTo(404);
        String gone = call("executeToolCode", Map.of("code", "result = skills.customer_name(id=\"c2\")"));
        assertThat(gone).contains("error").contains("customer_name");
        assertThat(call("listToolFiles", Map.of())).doesNotContain("skills.pyi");
    }

    private String call(String tool, Map<String, Object> arguments) {
        ToolCallback callback = Arrays.stream(callbacks.getToolCallbacks())
                .filter(c -> c.getToolDefinition().name().equals(tool)).findFirst().orElseThrow();
        return callback.call(JsonValues.write(new LinkedHashMap<>(arguments)),
                new ToolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, KEY)));
    }

    private HttpResponse<String> http(String method, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(CodeModeAutoConfigurationTest.CrmTools.class)
    static class App {
    }
}
