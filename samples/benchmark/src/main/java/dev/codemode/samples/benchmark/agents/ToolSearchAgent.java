package dev.codemode.samples.benchmark.agents;

import dev.codemode.json.JsonValues;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.tasks.Capability;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.samples.servers.Ordered;
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
 * <p>Policy: before a step calls a tool not found yet, the agent searches by the method's queries
 * ({@link Queries}: the request, then its clauses; or, as first published, each capability's own
 * words); with parallel calls the searches of one round go in one response. When a tool is still not
 * found, the task fails.
 */
public final class ToolSearchAgent implements Agent {

    public static final String SEARCH = "tool_search";
    public static final int DEFAULT_RESULTS = 5;
    /** The most results one search returns. */
    public static final int MAX_RESULTS = 20;
    private static final String WIDE = "\u0000wide:";

    private final RoundCatalog catalog;
    private final TokenMeter meter;
    private final ToolIndex index;
    private final ScriptedPolicy policy;
    private final Method method;
    private final Conversation.Cache cache = new Conversation.Cache();

    public ToolSearchAgent(RoundCatalog catalog, TokenMeter meter) {
        this(catalog, meter, Method.PUBLISHED);
    }

    public ToolSearchAgent(RoundCatalog catalog, TokenMeter meter, Method method) {
        this.method = method;
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
        props.put("query", Ordered.map("type", "string", "description", "What the tool should do, in a few words."));
        props.put("maxResults", Ordered.map("type", "integer", "description", "How many tools to return, at most "
                + MAX_RESULTS + ".", "default", DEFAULT_RESULTS));
        return RoundCatalog.definition(SEARCH, "Search the available tools by what they do. The tools found can be"
                + " called from the next turn on.", Ordered.map("type", "object", "properties", props,
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
                int max = arguments.get("maxResults") instanceof Number n ? Math.max(1, Math.min(MAX_RESULTS, n.intValue()))
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
        Conversation conversation = new Conversation(meter, box, cache, SYSTEM, task.prompt());
        Searcher searcher = new Searcher(task, box, conversation);
        String answer = null;
        String note = "";
        for (String script : StandardAgent.scripts(task)) {
            ScriptedPolicy.Trace trace = policy.trace(script,
                    (tool, args) -> catalog.call(RoundCatalog.functionName(tool), args));
            for (List<ScriptedPolicy.Traced> step : policy.steps(script, trace, method.parallel())) {
                List<String> missing = step.stream().map(t -> RoundCatalog.functionName(t.tool()))
                        .filter(f -> !box.found(f)).distinct().toList();
                if (!missing.isEmpty() && !searcher.find(step)) {
                    String tool = step.stream().filter(t -> !box.found(RoundCatalog.functionName(t.tool())))
                            .map(t -> t.tool().qualifiedName()).findFirst().orElseThrow();
                    conversation.answer("I could not find a tool for this.");
                    return AgentRun.of(task, conversation, searcher.searches, note, "search missed " + tool);
                }
                ScriptedPolicy.bill(conversation, List.of(step), RoundCatalog::functionName);
            }
            if (trace.outcome().isSuccess()) {
                answer = JsonValues.write(trace.outcome().result());
                break;
            }
            note = trace.outcome().error().message();
        }
        conversation.answer(answer != null ? answer : "I could not complete the task: " + note);
        return AgentRun.of(task, conversation, searcher.searches, note,
                StandardAgent.unknown(method, task, conversation));
    }

    /** The searches of one task, by the method's queries. */
    private final class Searcher {
        private final Task task;
        private final SearchToolbox box;
        private final Conversation conversation;
        private final Set<String> asked = new LinkedHashSet<>();
        int searches;

        Searcher(Task task, SearchToolbox box, Conversation conversation) {
            this.task = task;
            this.box = box;
            this.conversation = conversation;
        }

        /** Searches until every tool of {@code step} is found; false when the queries run out first. */
        boolean find(List<ScriptedPolicy.Traced> step) {
            if (method.queryRule()) {
                ask(List.of(Queries.request(task)), step);
                ask(Queries.clauses(task), step);
                if (!allFound(step) && asked.add(WIDE + Queries.request(task))) {
                    // the one parameter a search tool has and the listing has not: ask for more results
                    searches++;
                    conversation.toolCall(SEARCH, Ordered.map("query", Queries.request(task), "maxResults", MAX_RESULTS));
                }
            } else {
                // the published method: each capability's own words, the second only when the first missed
                for (int round = 0; round < 2 && !allFound(step); round++) {
                    List<String> queries = new ArrayList<>();
                    for (ScriptedPolicy.Traced t : step) {
                        Capability need = task.need(t.tool().qualifiedName());
                        if (need == null) {
                            throw new IllegalStateException(task.id() + " calls " + t.tool().qualifiedName()
                                    + " but does not list it as a capability");
                        }
                        if (!box.found(RoundCatalog.functionName(t.tool())) && need.queries().size() > round) {
                            queries.add(need.queries().get(round));
                        }
                    }
                    ask(queries, step);
                }
            }
            return allFound(step);
        }

        /** Sends the queries not asked before: together when calls are parallel, else until all are found. */
        private void ask(List<String> queries, List<ScriptedPolicy.Traced> step) {
            List<String> fresh = queries.stream().filter(q -> !asked.contains(q)).distinct().toList();
            if (fresh.isEmpty() || allFound(step)) {
                return;
            }
            if (method.parallel()) {
                asked.addAll(fresh);
                searches += fresh.size();
                conversation.step(fresh.stream().map(q -> new Conversation.Call(SEARCH, Map.<String, Object>of("query", q)))
                        .toList());
                return;
            }
            for (String q : fresh) {
                if (allFound(step)) {
                    return;
                }
                asked.add(q);
                searches++;
                conversation.toolCall(SEARCH, Map.of("query", q));
            }
        }

        private boolean allFound(List<ScriptedPolicy.Traced> step) {
            return step.stream().allMatch(t -> box.found(RoundCatalog.functionName(t.tool())));
        }
    }

    @Override
    public void close() {
        policy.close();
    }
}
