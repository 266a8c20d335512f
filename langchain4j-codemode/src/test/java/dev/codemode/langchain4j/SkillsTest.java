package dev.codemode.langchain4j;

import static dev.codemode.langchain4j.ScriptedChatModel.call;
import static dev.codemode.langchain4j.ScriptedChatModel.echoLastToolResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.skill.Skill;
import dev.codemode.skill.SkillStore;
import dev.codemode.skill.Skills;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.AiServices;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Skills through the LangChain4j adapter, set on the core builder it owns
 * ({@code codeMode(core -> core.skills(...))}): the model sees {@code saveAs} in
 * {@code executeToolCode}'s parameters, saves a function in one conversation and calls it as
 * {@code skills.name(...)} in the next, after the listing showed it.
 */
class SkillsTest {

    interface Assistant {
        String chat(String message);
    }

    private static final String SAVE = "{\"code\": \"def warmest(a, b):\\n"
            + "    \\\"\\\"\\\"The warmer of two cities.\\n\\n    Args:\\n        a (str): a city\\n        b (str): another city\\n    \\\"\\\"\\\"\\n"
            + "    ta = local.temperature(city=a)\\n    tb = local.temperature(city=b)\\n    return a if ta >= tb else b\\n"
            + "result = warmest('Oslo', 'Madrid')\", \"saveAs\": \"warmest\"}";

    @Test
    void should_save_a_skill_in_one_conversation_and_call_it_in_the_next() {
        SkillStore store = SkillStore.inMemory();
        ScriptedChatModel first = new ScriptedChatModel(call("executeToolCode", SAVE), echoLastToolResult());
        ScriptedChatModel second = new ScriptedChatModel(call("listToolFiles", "{}"), echoLastToolResult());
        ScriptedChatModel third = new ScriptedChatModel(
                call("executeToolCode", "{\"code\": \"result = skills.warmest(a='Rome', b='Stockholm')\"}"),
                echoLastToolResult());
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().tools(new CodeModeToolProviderTest.Weather())
                .codeMode(core -> core.autoExecute("local.temperature")
                        .skills(Skills.builder().store(store).build()))
                .build()) {
            String saved = AiServices.builder(Assistant.class).chatModel(first).toolProvider(provider).build()
                    .chat("which is warmer?");
            ToolSpecification execute = first.requests().get(0).toolSpecifications().stream()
                    .filter(s -> s.name().equals("executeToolCode")).findFirst().orElseThrow();
            assertThat(execute.parameters().properties()).containsKeys("code", "saveAs");
            assertThat(saved).contains("\"result\":\"Madrid\"").contains("saved skills.warmest(a: str, b: str)");
            assertThat(store.list(List.of(SkillStore.SHARED, "anonymous"))).extracting(Skill::name)
                    .containsExactly("warmest");

            String listing = AiServices.builder(Assistant.class).chatModel(second).toolProvider(provider).build()
                    .chat("what can you do?");
            assertThat(listing).contains("skills.pyi").contains("warmest(a, b)");

            String answer = AiServices.builder(Assistant.class).chatModel(third).toolProvider(provider).build()
                    .chat("Rome or Stockholm?");
            assertThat(answer).contains("\"result\":\"Stockholm\"");
        }
    }

    @Test
    void should_offer_no_save_as_without_skills() {
        ScriptedChatModel model = new ScriptedChatModel(call("listToolFiles", "{}"), echoLastToolResult());
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().tools(new CodeModeToolProviderTest.Weather())
                .build()) {
            String listing = AiServices.builder(Assistant.class).chatModel(model).toolProvider(provider).build()
                    .chat("what can you do?");
            ToolSpecification execute = model.requests().get(0).toolSpecifications().stream()
                    .filter(s -> s.name().equals("executeToolCode")).findFirst().orElseThrow();
            assertThat(execute.parameters().properties()).containsOnlyKeys("code");
            assertThat(listing).doesNotContain("skills.pyi");
        }
    }
}
