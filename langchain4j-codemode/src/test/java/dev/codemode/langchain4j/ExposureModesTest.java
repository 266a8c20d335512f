package dev.codemode.langchain4j;

import static dev.codemode.langchain4j.ScriptedChatModel.call;
import static dev.codemode.langchain4j.ScriptedChatModel.echoLastToolResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.access.CallContext;
import dev.codemode.access.AccessControl;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.Exposure;
import dev.codemode.langchain4j.CodeModeToolProviderTest.KeyedAssistant;
import dev.codemode.langchain4j.CodeModeToolProviderTest.Weather;
import dev.codemode.MetaToolSpec;
import dev.codemode.CodeMode;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.AiServices;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the model is offered in each exposure mode, read from the requests an AI service sends it. */
class ExposureModesTest {

    private static final List<String> META_TOOLS = List.of("listToolFiles", "readToolFile", "getToolDocs",
            "executeToolCode");

    private static final AccessControl KEYS = AccessControl.builder()
            .keys(VirtualKey.withTools("reader", "local.temperature"), VirtualKey.withTools("admin", "local.*"))
            .build();

    private static List<String> firstRequestTools(CodeModeToolProvider provider, String key,
            ScriptedChatModel model) {
        KeyedAssistant assistant = AiServices.builder(KeyedAssistant.class).chatModel(model).toolProvider(provider).build();
        assistant.chat("hi", InvocationParameters.from("virtualKey", key));
        return model.toolNamesPerRequest().get(0);
    }

    @Test
    void codeModeWithDirectToolsOffersBothAndRunsTheDirectToolGoverned() {
        InMemoryAuditSink audit = new InMemoryAuditSink();
        ScriptedChatModel model = new ScriptedChatModel(call("local__temperature", "{\"city\": \"Oslo\"}"),
                echoLastToolResult());
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().tools(new Weather())
                .codeMode(core -> core.accessControl(KEYS).auditSink(audit).directTools("local.temperature")
                        .autoExecute("local.temperature"))
                .build()) {
            assertThat(firstRequestTools(provider, "reader", model))
                    .containsExactly("listToolFiles", "readToolFile", "getToolDocs", "executeToolCode",
                            "local__temperature");
            assertThat(model.toolResults()).singleElement().satisfies(r -> assertThat(r.text()).isEqualTo("4"));
        }
        assertThat(audit.toolCalls()).singleElement().satisfies(c -> assertThat(c.virtualKey()).isEqualTo("reader"));
    }

    @Test
    void directOffersTheCallersViewOnly() {
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().tools(new Weather())
                .codeMode(core -> core.accessControl(KEYS).exposure(Exposure.DIRECT)).build()) {
            assertThat(firstRequestTools(provider, "reader", new ScriptedChatModel(ScriptedChatModel.answer("ok"))))
                    .containsExactly("local__temperature");
            assertThat(firstRequestTools(provider, "admin", new ScriptedChatModel(ScriptedChatModel.answer("ok"))))
                    .containsExactlyInAnyOrder("local__temperature", "local__setThermostat"); // reflection order
        }
    }

    @Test
    void autoDecidesPerKeyAndStillRefusesUnapprovedDirectCalls() {
        int reader;
        int admin;
        try (CodeModeToolProvider direct = CodeModeToolProvider.builder().tools(new Weather())
                .codeMode(core -> core.accessControl(KEYS).exposure(Exposure.DIRECT)).build()) {
            reader = MetaToolSpec.definitionTokens(direct.codeMode().specs(CallContext.of("reader")));
            admin = MetaToolSpec.definitionTokens(direct.codeMode().specs(CallContext.of("admin")));
        }
        int threshold = (reader + admin) / 2;
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().tools(new Weather())
                .codeMode(core -> core.accessControl(KEYS).exposure(Exposure.AUTO).autoThresholdTokens(threshold))
                .build()) {
            ScriptedChatModel model = new ScriptedChatModel(ScriptedChatModel.answer("ok"));
            assertThat(firstRequestTools(provider, "reader", model))
                    .containsExactly("executeToolCode", "local__temperature");
            ScriptedChatModel adminModel = new ScriptedChatModel(call("listToolFiles", "{}"), echoLastToolResult());
            assertThat(firstRequestTools(provider, "admin", adminModel)).containsExactlyElementsOf(META_TOOLS);
        }
        try (CodeModeToolProvider provider = CodeModeToolProvider.builder().tools(new Weather())
                .codeMode(core -> core.accessControl(KEYS).exposure(Exposure.AUTO)).build()) {
            ScriptedChatModel model = new ScriptedChatModel(call("local__setThermostat", "{\"celsius\": 30}"),
                    echoLastToolResult());
            List<String> offered = firstRequestTools(provider, "admin", model);
            assertThat(offered.get(0)).isEqualTo("executeToolCode");
            assertThat(offered).containsExactlyInAnyOrder("executeToolCode", "local__temperature", "local__setThermostat");
            assertThat(model.toolResults()).singleElement()
                    .satisfies(r -> assertThat(r.text()).contains("approval denied").doesNotContain("set to"));
        }
    }
}
