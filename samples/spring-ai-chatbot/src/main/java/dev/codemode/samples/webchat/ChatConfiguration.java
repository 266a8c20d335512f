package dev.codemode.samples.webchat;

import java.util.Arrays;
import java.util.List;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.codemode.CodeMode;
import dev.codemode.approval.ApprovalAuthorizer;
import dev.codemode.audit.AuditLog;
import dev.codemode.audit.AuditSink;
import dev.codemode.audit.ToolCosts;
import dev.codemode.spring.CodeModeProperties;
import dev.codemode.spring.CodeModeToolCallbacks;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The model, and the {@code ChatClient} that offers it the four meta-tools and records each turn. */
@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

    static final String SYSTEM_PROMPT = """
            You are a customer-support assistant with tools for the company's systems. List the tool files, \
            read the ones the task needs, then do the whole task in one executeToolCode script and answer \
            briefly from its result.""";

    @Bean
    ChatModels.Choice chatModelChoice(Environment environment) {
        return ChatModels.choose(environment);
    }

    @Bean
    Encoding tokenEncoding() {
        return Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    @Bean
    TurnToolCalls turnToolCalls() {
        return new TurnToolCalls();
    }

    /**
     * The audit log, with the turns' tool calls kept beside the audit sink's table: built as the starter
     * builds it (tool costs, result cap, buffer size; this sample has no Micrometer), the sink fanned out to
     * {@link TurnToolCalls}. Replaces the starter's, which steps aside when an {@code AuditLog} bean exists.
     */
    @Bean(destroyMethod = "close")
    AuditLog codeModeAuditLog(AuditSink sink, TurnToolCalls turnToolCalls, CodeModeProperties properties) {
        return AuditLog.builder()
                .sink(AuditSink.fanOut(List.of(sink, turnToolCalls.sink())))
                .costs(ToolCosts.builder().prices(properties.toolCosts()).build())
                .resultCap(properties.audit().resultCap())
                .bufferSize(properties.audit().bufferSize())
                .build();
    }

    /** The approvals panel decides for requests from this machine only: the sample has no sign-in. */
    @Bean
    ApprovalAuthorizer approvalAuthorizer() {
        return ApprovalAuthorizer.localOnly();
    }

    @Bean
    ChatMemory chatMemory() {
        return MessageWindowChatMemory.builder().maxMessages(40).build();
    }

    @Bean
    ChatClient chatClient(ChatModels.Choice model, CodeModeToolCallbacks metaTools, TurnLog turns, Encoding encoding,
            ChatMemory memory, CodeMode codeMode, ObjectProvider<ObservationRegistry> observations) {
        Object[] tools = Arrays.stream(metaTools.getToolCallbacks())
                .map(callback -> (ToolCallback) new RecordingToolCallback(callback, turns))
                .toArray();
        // With tracing on (the zipkin profile), a turn is one trace: chat client, model calls, tool calls, and
        // Code Mode's execution with its upstream calls beneath them. Without a registry nothing is recorded.
        ObservationRegistry registry = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        return ChatClient.builder(new TokenCountingChatModel(model.model(), encoding, turns, codeMode), registry, null,
                        null, ToolCallingAdvisor.builder()
                                .toolCallingManager(ToolCallingManager.builder().observationRegistry(registry).build()))
                .defaultSystem(SYSTEM_PROMPT)
                .defaultTools(tools)
                .defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build())
                .build();
    }
}
