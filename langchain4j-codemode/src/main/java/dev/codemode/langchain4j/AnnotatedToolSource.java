package dev.codemode.langchain4j;

import dev.codemode.catalog.ToolCallException;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Plain LangChain4j tool objects (methods annotated with {@link Tool}) as one server: specifications
 * from {@link ToolSpecifications#toolSpecificationFrom(Method)}, calls through LangChain4j's
 * {@link DefaultToolExecutor}, so arguments are coerced exactly as AiServices would.
 *
 * <p>Hints come from the annotation's metadata, with the MCP keys:
 * {@code @Tool(value = "Deletes a customer", metadata = "{\"destructiveHint\": true}")}. A tool needs
 * approval unless it is on the auto-execute list, or says {@code readOnlyHint} (and not
 * {@code destructiveHint}) and this server is named in {@code trustReadOnlyHints}.
 *
 * <p>A method that throws reports a tool error ({@link ToolResult#error}) with its message. Parameters
 * that LangChain4j fills from the invocation ({@code InvocationParameters}, {@code @ToolMemoryId},
 * {@code InvocationContext}) get an empty context: scripts run tools on the host's behalf, and the
 * caller's context stays out of tool code as it stays out of upstream servers.
 */
public final class AnnotatedToolSource implements ToolSource {

    private record Entry(ToolDescriptor descriptor, DefaultToolExecutor executor) {
    }

    private final String serverName;
    private final Map<String, Entry> tools;

    private AnnotatedToolSource(String serverName, List<?> objects) {
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        Map<String, Entry> found = new LinkedHashMap<>();
        for (Object object : objects) {
            Objects.requireNonNull(object, "tool object");
            for (Method method : toolMethods(object.getClass())) {
                ToolSpecification spec = ToolSpecifications.toolSpecificationFrom(method);
                if (found.containsKey(spec.name())) {
                    throw new IllegalArgumentException("two @Tool methods named " + spec.name() + " in server " + serverName);
                }
                DefaultToolExecutor executor = DefaultToolExecutor.builder()
                        .object(object)
                        .originalMethod(method)
                        .methodToInvoke(method)
                        .wrapToolArgumentsExceptions(true)
                        .propagateToolExecutionExceptions(true)
                        .build();
                found.put(spec.name(), new Entry(Descriptors.descriptor(serverName, spec), executor));
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no @Tool methods in the objects given for server " + serverName);
        }
        this.tools = found;
    }

    /** The {@code @Tool} methods of a class and its superclasses; an overriding method hides the one it overrides. */
    private static List<Method> toolMethods(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                String signature = method.getName() + Arrays.toString(method.getParameterTypes());
                if (method.isBridge() || method.isSynthetic() || !seen.add(signature)) {
                    continue;
                }
                if (method.isAnnotationPresent(Tool.class)) {
                    methods.add(method);
                }
            }
        }
        return methods;
    }

    /** The {@code @Tool} methods of {@code objects} as server {@code serverName}. */
    public static AnnotatedToolSource of(String serverName, Object... objects) {
        return new AnnotatedToolSource(serverName, Arrays.asList(objects));
    }

    /** The {@code @Tool} methods of {@code objects} as server {@code serverName}. */
    public static AnnotatedToolSource of(String serverName, List<?> objects) {
        return new AnnotatedToolSource(serverName, List.copyOf(objects));
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public List<ToolDescriptor> listTools() {
        List<ToolDescriptor> descriptors = new ArrayList<>(tools.size());
        tools.values().forEach(e -> descriptors.add(e.descriptor()));
        return descriptors;
    }

    @Override
    public ToolResult callTool(String toolName, Map<String, Object> arguments) {
        Entry entry = tools.get(toolName);
        if (entry == null) {
            throw new ToolCallException(serverName + " has no tool " + toolName);
        }
        ToolExecutionRequest request = ToolExecutionRequest.builder()
                .name(toolName)
                .arguments(JsonValues.write(arguments == null ? Map.of() : arguments))
                .build();
        InvocationContext noCaller = InvocationContext.builder().invocationParameters(new InvocationParameters()).build();
        try {
            ToolExecutionResult result = entry.executor().executeWithContext(request, noCaller);
            String text = text(result.resultContents());
            if (result.isError()) {
                return ToolResult.error(text);
            }
            return ToolResult.of(text == null ? null : JsonValues.parseOrText(text));
        } catch (ToolArgumentsException e) {
            return ToolResult.error("invalid arguments: " + message(e));
        } catch (ToolExecutionException e) {
            return ToolResult.error(message(e));
        } catch (RuntimeException e) {
            return ToolResult.error(message(e));
        }
    }

    private static String text(List<Content> contents) {
        if (contents == null || contents.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Content content : contents) {
            parts.add(content instanceof TextContent t ? t.text() : "[" + content.type() + " content]");
        }
        return String.join("\n", parts);
    }

    private static String message(Throwable e) {
        Throwable root = e.getCause() != null ? e.getCause() : e;
        String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
