package dev.codemode.samples.benchmark.agents;

import dev.codemode.json.JsonValues;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.tasks.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Standard tool calling: every request carries every tool definition and the whole history; each
 * step's tool calls are one round trip (one call per round trip without parallel calls) and their
 * real results stay in the history.
 */
public final class StandardAgent implements Agent {

    private final RoundCatalog catalog;
    private final TokenMeter meter;
    private final Method method;
    private final ScriptedPolicy policy;
    private final Conversation.Cache cache = new Conversation.Cache();

    public StandardAgent(RoundCatalog catalog, TokenMeter meter) {
        this(catalog, meter, Method.PUBLISHED);
    }

    public StandardAgent(RoundCatalog catalog, TokenMeter meter, Method method) {
        this.catalog = catalog;
        this.meter = meter;
        this.method = method;
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
        Conversation conversation = new Conversation(meter, toolbox(), cache, SYSTEM, task.prompt());
        String answer = null;
        String note = "";
        for (String script : scripts(task)) {
            ScriptedPolicy.Trace trace = policy.trace(script,
                    (tool, args) -> catalog.call(RoundCatalog.functionName(tool), args));
            ScriptedPolicy.bill(conversation, policy.steps(script, trace, method.parallel()),
                    RoundCatalog::functionName);
            if (trace.outcome().isSuccess()) {
                answer = JsonValues.write(trace.outcome().result());
                break;
            }
            note = trace.outcome().error().message();
        }
        conversation.answer(answer != null ? answer : "I could not complete the task: " + note);
        return AgentRun.of(task, conversation, 0, note, unknown(method, task, conversation));
    }

    /**
     * Why the knowledge rule fails the task, or null: checked after the run against everything the
     * agent was shown, since a tool-calling agent reads each result before it uses its fields.
     */
    static String unknown(Method method, Task task, Conversation conversation) {
        if (!method.knowledge()) {
            return null;
        }
        List<Knowledge.Gap> gaps = Knowledge.gaps(task.script(), task.servers(), conversation.shown());
        return gaps.isEmpty() ? null : "knowledge rule: " + gaps;
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
