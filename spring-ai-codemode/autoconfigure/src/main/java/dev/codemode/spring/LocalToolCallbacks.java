package dev.codemode.spring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The application's own tool callbacks: {@code ToolCallback} beans and the callbacks of
 * {@code ToolCallbackProvider} beans, leaving out the meta-tools themselves and Spring AI's MCP tool
 * callbacks (those servers are in the catalog already).
 */
final class LocalToolCallbacks {

    private LocalToolCallbacks() {
    }

    static List<ToolCallback> of(ListableBeanFactory beans) {
        List<ToolCallback> callbacks = new ArrayList<>();
        for (String name : beans.getBeanNamesForType(ToolCallback.class, false, false)) {
            Class<?> type = beans.getType(name, false);
            if (type != null && !CodeModeToolCallback.class.isAssignableFrom(type) && !isMcp(type)) {
                callbacks.add(beans.getBean(name, ToolCallback.class));
            }
        }
        for (String name : beans.getBeanNamesForType(ToolCallbackProvider.class, false, false)) {
            Class<?> type = beans.getType(name, false);
            if (type != null && !CodeModeToolCallbacks.class.isAssignableFrom(type) && !isMcp(type)) {
                callbacks.addAll(Arrays.asList(beans.getBean(name, ToolCallbackProvider.class).getToolCallbacks()));
            }
        }
        return callbacks;
    }

    private static boolean isMcp(Class<?> type) {
        return type.getName().startsWith("org.springframework.ai.mcp.");
    }
}
