package dev.codemode.samples.benchmark.agents;

import dev.codemode.json.JsonValues;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.sandbox.ExecutionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Standard tool calling: every request carries every tool definition and the whole history; each
 * tool call is one round trip and its real result stays in the history.
 */
public final class StandardAgent implements Agent {

    private final RoundCatalog catalog;
    private final TokenMeter meter;
    private final ScriptedPolicy policy;

    public StandardAgent(RoundCatalog catalog, TokenMeter meter) {
        this.catalog = catalog;
        this.meter = meter;
        this.policy = new ScriptedPolicy(catalog.sources());
    }

    @Override
    public String key() {
        return "standard";
    }

    @Override
    public String label() {
        return "Standard tool calling";
    }

    @Override
    public Toolbox toolbox() {
        return new Toolbox() {
            @Override
            public List<Map<String, Object>> tools() {
                return catalog.definitions();
            }

            @Override
            public String call(String name, Map<String, Object> arguments) {
                return catalog.call(name, arguments);
            }
        };
    }

    @Override
    public AgentRun run(Task task) {
        Conversation conversation = new Conversation(meter, toolbox(), SYSTEM, task.prompt());
        String answer = null;
        String note = "";
        for (String script : scripts(task)) {
            ExecutionResult r = policy.run(script,
                    (tool, args) -> conversation.toolCall(RoundCatalog.functionName(tool), args));
            if (r.isSuccess()) {
                answer = JsonValues.write(r.result());
                break;
            }
            note = r.error().message();
        }
        conversation.answer(answer != null ? answer : "I could not complete the task: " + note);
        return AgentRun.of(task, conversation, 0, note);
    }

    /** The attempts of a tool-calling agent: the failing first attempt only when every agent makes it. */
    static List<String> scripts(Task task) {
        List<String> scripts = new ArrayList<>();
        if (task.firstTry() != null && task.firstTryAll()) {
            scripts.add(task.firstTry());
        }
        scripts.add(task.script());
        return scripts;
    }

    @Override
    public void close() {
        policy.close();
    }
}
