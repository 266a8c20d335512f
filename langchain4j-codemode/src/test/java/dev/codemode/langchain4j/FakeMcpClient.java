package dev.codemode.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.McpGetPromptResult;
import dev.langchain4j.mcp.client.McpPrompt;
import dev.langchain4j.mcp.client.McpReadResourceResult;
import dev.langchain4j.mcp.client.McpResource;
import dev.langchain4j.mcp.client.McpResourceTemplate;
import dev.langchain4j.mcp.client.McpRoot;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** An McpClient without a server: fixed tools, and a function that answers each call. Records the requests. */
final class FakeMcpClient implements McpClient {

    private final String key;
    private final List<ToolSpecification> tools;
    private final Function<ToolExecutionRequest, ToolExecutionResult> answer;
    final List<ToolExecutionRequest> requests = Collections.synchronizedList(new ArrayList<>());
    final List<InvocationContext> contexts = Collections.synchronizedList(new ArrayList<>());

    FakeMcpClient(String key, List<ToolSpecification> tools, Function<ToolExecutionRequest, ToolExecutionResult> answer) {
        this.key = key;
        this.tools = tools;
        this.answer = answer;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String instructions() {
        return "Fake server for tests.\nSecond line.";
    }

    @Override
    public List<ToolSpecification> listTools() {
        return tools;
    }

    @Override
    public List<ToolSpecification> listTools(InvocationContext invocationContext) {
        return tools;
    }

    @Override
    public ToolExecutionResult executeTool(ToolExecutionRequest executionRequest) {
        requests.add(executionRequest);
        return answer.apply(executionRequest);
    }

    @Override
    public ToolExecutionResult executeTool(ToolExecutionRequest executionRequest, InvocationContext invocationContext) {
        contexts.add(invocationContext);
        return executeTool(executionRequest);
    }

    @Override
    public List<McpResource> listResources() {
        return List.of();
    }

    @Override
    public List<McpResource> listResources(InvocationContext invocationContext) {
        return List.of();
    }

    @Override
    public List<McpResourceTemplate> listResourceTemplates() {
        return List.of();
    }

    @Override
    public List<McpResourceTemplate> listResourceTemplates(InvocationContext invocationContext) {
        return List.of();
    }

    @Override
    public McpReadResourceResult readResource(String uri) {
        throw new UnsupportedOperationException();
    }

    @Override
    public McpReadResourceResult readResource(String uri, InvocationContext invocationContext) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void subscribeToResource(String uri) {
    }

    @Override
    public void unsubscribeFromResource(String uri) {
    }

    @Override
    public List<McpPrompt> listPrompts() {
        return List.of();
    }

    @Override
    public McpGetPromptResult getPrompt(String name, Map<String, Object> arguments) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void checkHealth() {
    }

    @Override
    public void setRoots(List<McpRoot> roots) {
    }

    @Override
    public void close() {
    }
}
