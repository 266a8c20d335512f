package dev.codemode.samples.benchmark.agents;

import dev.codemode.CodeMode;
import dev.codemode.access.CallContext;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import dev.codemode.json.JsonValues;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The deterministic policy of the tool-calling agents: a task's script, run so that each tool call it
 * makes becomes one round trip of the model (the call as output, its real result into the history)
 * and the script's logic stands for what the model works out between calls. The script sees exactly
 * the text the model would see, parsed back. The same script is what the Code Mode agent sends to
 * {@code executeToolCode}, so all agents follow one policy.
 */
final class ScriptedPolicy implements AutoCloseable {

    /** Makes one tool call as a model turn; returns the tool message text. */
    interface Turn {
        String call(ToolDescriptor tool, Map<String, Object> arguments);
    }

    private final CodeMode engine;
    private volatile Turn turn;

    ScriptedPolicy(List<ToolSource> sources) {
        List<ToolSource> routed = sources.stream().map(this::routed).toList();
        engine = CodeMode.builder().toolSources(routed).approvalPolicy(ApprovalPolicy.autoExecuteAll())
                .limits(Limits.builder().maxToolCalls(1_000).timeout(Duration.ofMinutes(2)).build()).build();
    }

    /** Runs a script with each tool call going through {@code turn}. */
    synchronized ExecutionResult run(String script, Turn turn) {
        this.turn = turn;
        try {
            return engine.execute(script, CallContext.anonymous());
        } finally {
            this.turn = null;
        }
    }

    private ToolSource routed(ToolSource real) {
        List<ToolDescriptor> tools = real.listTools();
        return new ToolSource() {
            @Override
            public String serverName() {
                return real.serverName();
            }

            @Override
            public List<ToolDescriptor> listTools() {
                return tools;
            }

            @Override
            public ToolResult callTool(String toolName, Map<String, Object> arguments) {
                ToolDescriptor d = tools.stream().filter(t -> t.name().equals(toolName)).findFirst().orElseThrow();
                String text = turn.call(d, arguments);
                return text.startsWith("error: ") ? ToolResult.error(text.substring(7))
                        : ToolResult.of(JsonValues.parseOrText(text));
            }
        };
    }

    @Override
    public void close() {
        engine.close();
    }
}
