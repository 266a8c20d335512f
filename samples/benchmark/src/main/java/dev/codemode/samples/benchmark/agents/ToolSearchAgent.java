package dev.codemode.samples.benchmark.agents;

import dev.codemode.json.JsonValues;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.tasks.Capability;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.sandbox.ExecutionResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tool search, shaped like the common implementations (Spring AI's ToolSearchToolCallingAdvisor,
 * Anthropic's tool search tool, LangChain4j's tool search): the first request offers one search tool
 * ({@code query}, optional {@code maxResults}, default 5) ranked by BM25 over tool names, descriptions
 * and parameter names; every tool a search returns is offered with its full definition on every later
 * request. Tool calls are round trips and results stay in the history, as with standard tool calling.
 *
 * <p>Policy: before it first calls a tool, the agent searches with the task's words for that
 * capability; when the tool is not among the results it searches once more with other words; when it
 * still is not, the task fails.
 */
public final class ToolSearchAgent implements Agent {

    public static final String SEARCH = "tool_search";
    public static final int DEFAULT_RESULTS = 5;

    private final RoundCatalog catalog;
    private final TokenMeter meter;
    private final ToolIndex index;
    private final ScriptedPolicy policy;

    public ToolSearchAgent(RoundCatalog catalog, TokenMeter meter) {
        this.catalog = catalog;
        this.meter = meter;
        this.index = new ToolIndex(catalog.descriptors());
        this.policy = new ScriptedPolicy(catalog.sources());
    }

    @Override
    public String key() {
        return "toolSearch";
    }

    @Override
    public String label() {
        return "Tool search";
    }

    static Map<String, Object> searchDefinition() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("query", Map.of("type", "string", "description", "What the tool should do, in a few words."));
        props.put("maxResults", Map.of("type", "integer", "description", "How many tools to return.",
                "default", DEFAULT_RESULTS));
        return RoundCatalog.definition(SEARCH, "Search the available tools by what they do. The tools found can be"
                + " called from the next turn on.", Map.of("type", "object", "properties", props,
                "required", List.of("query")));
    }

    /** The toolbox of one task: the search tool plus everything found so far. */
    public final class SearchToolbox implements Toolbox {
        private final Set<String> found = new LinkedHashSet<>();

        @Override
        public List<Map<String, Object>> tools() {
            List<Map<String, Object>> tools = new ArrayList<>();
            tools.add(searchDefinition());
            for (Map<String, Object> d : catalog.definitions()) {
                if (found.contains(((Map<?, ?>) d.get("function")).get("name"))) {
                    tools.add(d);
                }
            }
            return tools;
        }

        @Override
        public String call(String name, Map<String, Object> arguments) {
            if (name.equals(SEARCH)) {
                Object q = arguments.get("query");
                int max = arguments.get("maxResults") instanceof Number n ? Math.max(1, Math.min(20, n.intValue()))
                        : DEFAULT_RESULTS;
                List<String> hits = index.search(q == null ? "" : q.toString(), max);
                found.addAll(hits);
                return JsonValues.write(Map.of("tools", hits));
            }
            if (!found.contains(name)) {
                return "error: no tool " + name + "; search for it with " + SEARCH;
            }
            return catalog.call(name, arguments);
        }

        public boolean found(String function) {
            return found.contains(function);
        }
    }

    @Override
    public SearchToolbox toolbox() {
        return new SearchToolbox();
    }

    @Override
    public AgentRun run(Task task) {
        SearchToolbox box = toolbox();
        Conversation conversation = new Conversation(meter, box, SYSTEM, task.prompt());
        int[] searches = {0};
        Capability[] missed = {null};
        String answer = null;
        String note = "";
        for (String script : StandardAgent.scripts(task)) {
            ExecutionResult r = policy.run(script, (tool, args) -> {
                String function = RoundCatalog.functionName(tool);
                if (!box.found(function)) {
                    Capability need = task.need(tool.qualifiedName());
                    if (need == null) {
                        throw new IllegalStateException(task.id() + " calls " + tool.qualifiedName()
                                + " but does not list it as a capability");
                    }
                    for (String query : need.queries()) {
                        searches[0]++;
                        conversation.toolCall(SEARCH, Map.of("query", query));
                        if (box.found(function)) {
                            break;
                        }
                    }
                    if (!box.found(function)) {
                        missed[0] = need;
                        return "error: no tool found for " + need.queries().get(0);
                    }
                }
                return conversation.toolCall(function, args);
            });
            if (missed[0] != null) {
                note = "search missed " + missed[0].tool();
                break;
            }
            if (r.isSuccess()) {
                answer = JsonValues.write(r.result());
                break;
            }
            note = r.error().message();
        }
        conversation.answer(answer != null ? answer : "I could not complete the task: " + note);
        return AgentRun.of(task, conversation, searches[0], note);
    }

    @Override
    public void close() {
        policy.close();
    }
}
