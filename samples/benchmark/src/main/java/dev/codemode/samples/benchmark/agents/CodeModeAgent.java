package dev.codemode.samples.benchmark.agents;

import dev.codemode.CodeMode;
import dev.codemode.Exposure;
import dev.codemode.MetaToolSpec;
import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.json.JsonValues;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.tasks.Capability;
import dev.codemode.samples.benchmark.tasks.RepeatSuite;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.samples.servers.Ordered;
import dev.codemode.skill.Skills;
import dev.codemode.stubs.BindingLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Code Mode through the real {@link CodeMode} engine over the round's real tools, at the method's
 * binding level, default limits. Policy, for the tools the task needs: discover them with
 * {@code listToolFiles} by the method's queries ({@link Queries}; a first unqueried listing when the
 * method says so), and at the server binding read the file of a listed server whose needed tool the
 * listing did not name; then, under the knowledge rule, write the script at once when what was shown covers
 * it, else read the stub files of the tools it lacks knowledge of, then their docs, and give up when
 * even the docs do not show what the script uses; without the rule (as first published), read every
 * needed file and the docs the task names. Then one {@code executeToolCode}; a task designed to make
 * the first script fail gets a second script after the error. With parallel calls, the calls of one
 * round (queries, files, docs) go in one response.
 *
 * <p>With {@link Exposure#AUTO} (key {@code auto}) the core decides from the size of the catalog: a
 * large one gets the meta-tools and the policy above; a small one gets its tools as ordinary tools
 * plus {@code executeToolCode}. Then the model needs no discovery: a task of one tool call makes that
 * call directly, any other task sends its script to {@code executeToolCode} when the definitions in
 * view cover it (knowledge rule), else makes its calls directly as standard tool calling does.
 *
 * <p>With skills (key {@code codeModeSkills}, {@link #withSkills}) the engine keeps a skill store for
 * the agent's whole run, the one thing that outlives a conversation. A task of the repeat round
 * ({@link RepeatSuite}) starts like any task, with the listing of its request; when that listing shows
 * the saved skill (knowledge rule: its name and parameter), one {@code executeToolCode} calls it.
 * Otherwise the agent solves the task as above with the task's function-defining script, sent with
 * {@code saveAs} so that later tasks find the skill. The agent never names a skill it was not shown.
 */
public final class CodeModeAgent implements Agent {

    private final CodeMode codeMode;
    private final TokenMeter meter;
    private final Exposure exposure;
    private final Method method;
    private final boolean direct;
    private final List<Map<String, Object>> definitions = new ArrayList<>();
    private final ScriptedPolicy policy;
    private final Conversation.Cache cache = new Conversation.Cache();
    private final boolean skills;
    private final Map<String, RepeatSuite.RepeatTask> repeats = new LinkedHashMap<>();

    public CodeModeAgent(RoundCatalog catalog, TokenMeter meter) {
        this(catalog, meter, Method.PUBLISHED);
    }

    public CodeModeAgent(RoundCatalog catalog, TokenMeter meter, Method method) {
        this(catalog, meter, method, Exposure.CODE_MODE);
    }

    /** The agent over {@link Exposure#AUTO}: key {@code auto}. */
    public static CodeModeAgent auto(RoundCatalog catalog, TokenMeter meter) {
        return auto(catalog, meter, Method.PUBLISHED);
    }

    /** The agent over {@link Exposure#AUTO}: key {@code auto}. */
    public static CodeModeAgent auto(RoundCatalog catalog, TokenMeter meter, Method method) {
        return new CodeModeAgent(catalog, meter, method, Exposure.AUTO, null, List.of());
    }

    /**
     * Code Mode with an in-memory skill store for the agent's lifetime (key {@code codeModeSkills}):
     * the tasks of {@code repeats} save and reuse their skill; any other task runs as without skills.
     */
    public static CodeModeAgent withSkills(RoundCatalog catalog, TokenMeter meter, Method method,
            List<RepeatSuite.RepeatTask> repeats) {
        return new CodeModeAgent(catalog, meter, method, Exposure.CODE_MODE, Skills.inMemory(), repeats);
    }

    private CodeModeAgent(RoundCatalog catalog, TokenMeter meter, Method method, Exposure exposure) {
        this(catalog, meter, method, exposure, null, List.of());
    }

    private CodeModeAgent(RoundCatalog catalog, TokenMeter meter, Method method, Exposure exposure, Skills skills,
            List<RepeatSuite.RepeatTask> repeats) {
        this.meter = meter;
        this.exposure = exposure;
        this.method = method;
        this.skills = skills != null;
        repeats.forEach(r -> this.repeats.put(r.task().id(), r));
        CodeMode.Builder builder = CodeMode.builder().toolSources(catalog.sources()).bindingLevel(method.binding())
                .approvalPolicy(ApprovalPolicy.autoExecuteAll()).exposure(exposure);
        if (skills != null) {
            builder.skills(skills);
        }
        this.codeMode = builder.build();
        CodeMode.Offer offer = codeMode.offer(CallContext.anonymous());
        this.direct = offer.decided() == Exposure.DIRECT;
        for (MetaToolSpec s : offer.specs()) {
            definitions.add(RoundCatalog.definition(s.name(), s.description(), s.inputSchema()));
        }
        this.policy = direct ? new ScriptedPolicy(catalog.sources()) : null;
    }

    @Override
    public String key() {
        return skills ? "codeModeSkills" : exposure == Exposure.AUTO ? "auto" : "codeMode";
    }

    @Override
    public String label() {
        return skills ? "Code Mode with skills" : exposure == Exposure.AUTO ? "Code Mode, auto exposure" : "Code Mode";
    }

    @Override
    public Toolbox toolbox() {
        return new Toolbox() {
            @Override
            public List<Map<String, Object>> tools() {
                return definitions;
            }

            @Override
            public String call(String name, Map<String, Object> arguments) {
                return codeMode.call(name, arguments).text();
            }
        };
    }

    @Override
    public AgentRun run(Task task) {
        if (direct) {
            return runDirect(task);
        }
        Conversation conversation = new Conversation(meter, toolbox(), cache, SYSTEM, task.prompt());
        Discovery discovery = new Discovery(task, conversation);
        RepeatSuite.RepeatTask repeat = skills ? repeats.get(task.id()) : null;
        String note = "";
        if (repeat != null) {
            // the listing every task starts with; a skill counts as known only once a listing has shown it
            discovery.list(List.of(Queries.request(task)));
            if (Knowledge.gaps(repeat.reuse(), Set.of(SKILLS), conversation.shown()).isEmpty()) {
                Attempt attempt = execute(conversation, repeat.reuse(), null);
                if (attempt.answer() != null) {
                    return finish(task, conversation, discovery.searches, attempt.answer(), note);
                }
                note = attempt.error();
            }
        }
        if (!discovery.find()) {
            conversation.answer("I could not find a tool for this.");
            return AgentRun.of(task, conversation, discovery.searches, "", "listing missed " + discovery.missing());
        }
        if (!method.knowledge()) {
            // as first published: read every needed file and the docs the task names
            discovery.read(task.needs().stream().map(Capability::tool).toList());
            discovery.docs(task.docs());
        }
        List<String> scripts = repeat != null ? List.of(repeat.saving())
                : task.firstTry() == null ? List.of(task.script()) : List.of(task.firstTry(), task.script());
        for (String script : scripts) {
            if (method.knowledge()) {
                String gap = discovery.learn(script);
                if (gap != null) {
                    conversation.answer("I could not complete the task: I do not know " + gap + ".");
                    return AgentRun.of(task, conversation, discovery.searches, note, "knowledge rule: " + gap);
                }
            }
            Attempt attempt = execute(conversation, script, repeat != null ? RepeatSuite.SKILL : null);
            if (attempt.answer() != null) {
                return finish(task, conversation, discovery.searches, attempt.answer(), note);
            }
            note = attempt.error();
        }
        return finish(task, conversation, discovery.searches, null, note);
    }

    /** The discovery calls of one task and what they showed. */
    private final class Discovery {
        private final Task task;
        private final Conversation conversation;
        private final StringBuilder listings = new StringBuilder();
        private final Set<String> asked = new LinkedHashSet<>();
        private final Set<String> read = new LinkedHashSet<>();
        private final Set<String> documented = new LinkedHashSet<>();
        int searches;

        Discovery(Task task, Conversation conversation) {
            this.task = task;
            this.conversation = conversation;
        }

        /** Lists until every needed tool is found; false when the queries run out first. */
        boolean find() {
            if (method.firstListing()) {
                list(List.of(""));
            }
            if (method.queryRule()) {
                list(List.of(Queries.request(task)));
                list(Queries.clauses(task));
                // a listed server file whose tool was not named: read it, as a model browsing does
                if (method.binding() == BindingLevel.SERVER) {
                    read(task.needs().stream().map(Capability::tool)
                            .filter(t -> !found(t) && listings.toString().contains(file(tool(t)))).toList());
                }
            } else {
                for (Capability need : task.needs()) {
                    for (int i = 0; i < need.queries().size() && !found(need.tool()); i++) {
                        list(List.of(need.queries().get(i)));
                    }
                }
            }
            return missing() == null;
        }

        String missing() {
            return task.needs().stream().map(Capability::tool).filter(t -> !found(t)).findFirst().orElse(null);
        }

        /**
         * A tool is found when a listing shows its file (with a file per tool, its server's directory)
         * and its name; or when its file was read.
         */
        private boolean found(String qualified) {
            CatalogTool tool = tool(qualified);
            String text = listings.toString();
            String listed = method.binding() == BindingLevel.TOOL ? "servers/" + tool.serverId() + "/" : file(tool);
            return read.contains(file(tool)) || text.contains(listed) && Knowledge.words(text).contains(tool.toolId());
        }

        private void list(List<String> queries) {
            List<String> fresh = queries.stream().filter(q -> !asked.contains(q)).distinct().toList();
            if (fresh.isEmpty() || (missing() == null && !fresh.contains(""))) {
                return;
            }
            List<Conversation.Call> calls = new ArrayList<>();
            for (String q : fresh) {
                calls.add(new Conversation.Call(CodeMode.LIST_TOOL_FILES,
                        q.isEmpty() ? Map.of() : Map.of("query", q)));
            }
            for (List<Conversation.Call> round : rounds(calls)) {
                if (missing() == null && !round.get(0).arguments().isEmpty()) {
                    return;
                }
                round.forEach(c -> asked.add(String.valueOf(c.arguments().getOrDefault("query", ""))));
                searches += round.size();
                conversation.step(round).forEach(text -> listings.append(text).append('\n'));
            }
        }

        /** Reads the stub files of {@code tools} not read yet. */
        void read(List<String> tools) {
            List<Conversation.Call> calls = new ArrayList<>();
            for (String t : tools) {
                String f = file(tool(t));
                if (read.add(f)) {
                    calls.add(new Conversation.Call(CodeMode.READ_TOOL_FILE, Map.of("fileName", f)));
                }
            }
            rounds(calls).forEach(conversation::step);
        }

        /** Reads the docs of {@code tools} not read yet. */
        void docs(List<String> tools) {
            List<Conversation.Call> calls = new ArrayList<>();
            for (String t : tools) {
                if (documented.add(t)) {
                    calls.add(new Conversation.Call(CodeMode.GET_TOOL_DOCS, Ordered.map("server",
                            t.substring(0, t.indexOf('.')), "tool", t.substring(t.indexOf('.') + 1))));
                }
            }
            rounds(calls).forEach(conversation::step);
        }

        /**
         * Under the knowledge rule: reads what the script needs beyond what was shown, files first,
         * then docs; returns what is still unknown, or null when the script may be written.
         */
        String learn(String script) {
            Knowledge.Uses uses = Knowledge.of(script, task.servers());
            List<Knowledge.Gap> gaps = Knowledge.gaps(uses, conversation.shown());
            if (!gaps.isEmpty()) {
                read(lacking(gaps));
                gaps = Knowledge.gaps(uses, conversation.shown());
            }
            if (!gaps.isEmpty()) {
                docs(lacking(gaps));
                gaps = Knowledge.gaps(uses, conversation.shown());
            }
            return gaps.isEmpty() ? null : gaps.toString();
        }

        /** The tools a gap is about; every needed tool when the script's data flow does not tell. */
        private List<String> lacking(List<Knowledge.Gap> gaps) {
            List<String> needed = task.needs().stream().map(Capability::tool).toList();
            if (gaps.stream().anyMatch(g -> g.tool().equals(Knowledge.UNKNOWN_TOOL))) {
                return needed;
            }
            return needed.stream().filter(t -> gaps.stream().anyMatch(g -> g.tool().equals(t))).toList();
        }
    }

    /** The calls as the model sends them: all in one response with parallel calls, else one by one. */
    private List<List<Conversation.Call>> rounds(List<Conversation.Call> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        return method.parallel() ? List.of(calls) : calls.stream().map(List::of).toList();
    }

    /** One script's outcome: the answer, or the error the model read. */
    private record Attempt(String answer, String error) {
    }

    /** The name scripts call skills by, as {@code skills.name(...)}. */
    static final String SKILLS = "skills";

    /** Sends {@code script} to executeToolCode, with {@code saveAs} when it is not null. */
    private static Attempt execute(Conversation conversation, String script, String saveAs) {
        Map<String, Object> arguments = saveAs == null ? Map.of("code", script) : Ordered.map("code", script, "saveAs", saveAs);
        String text = conversation.toolCall(CodeMode.EXECUTE_TOOL_CODE, arguments);
        Object out = JsonValues.parseOrText(text);
        if (saveAs != null && !(out instanceof Map) && text.lastIndexOf('\n') > 0) {
            // the run's JSON, then one line saying whether the function was saved
            out = JsonValues.parseOrText(text.substring(0, text.lastIndexOf('\n')));
        }
        if (out instanceof Map<?, ?> m && m.containsKey("result") && !m.containsKey("error")) {
            return new Attempt(JsonValues.write(m.get("result")), null);
        }
        return new Attempt(null, out instanceof Map<?, ?> m ? String.valueOf(m.get("error")) : String.valueOf(out));
    }

    private static AgentRun finish(Task task, Conversation conversation, int searches, String answer, String note) {
        conversation.answer(answer != null ? answer : "I could not complete the task: " + note);
        return AgentRun.of(task, conversation, searches, note);
    }

    /**
     * The tools are in view: one direct call for a one-call task; else one script straight away when
     * the definitions cover it, or (under the knowledge rule, when they do not) the calls made directly.
     */
    private AgentRun runDirect(Task task) {
        Conversation conversation = new Conversation(meter, toolbox(), cache, SYSTEM, task.prompt());
        String note = "";
        for (String script : StandardAgent.scripts(task)) {
            Attempt attempt;
            boolean covered = !method.knowledge()
                    || Knowledge.gaps(script, task.servers(), conversation.shown()).isEmpty();
            if (task.category().equals("single") || !covered) {
                ScriptedPolicy.Trace trace = policy.trace(script, (tool, args) -> codeMode.call(directName(tool), args).text());
                ScriptedPolicy.bill(conversation, policy.steps(script, trace, method.parallel()), this::directName);
                attempt = trace.outcome().isSuccess() ? new Attempt(JsonValues.write(trace.outcome().result()), null)
                        : new Attempt(null, trace.outcome().error().message());
            } else {
                attempt = execute(conversation, script, null);
            }
            if (attempt.answer() != null) {
                conversation.answer(attempt.answer());
                return AgentRun.of(task, conversation, 0, note, StandardAgent.unknown(method, task, conversation));
            }
            note = attempt.error();
        }
        return finish(task, conversation, 0, null, note);
    }

    private String directName(ToolDescriptor tool) {
        return CodeMode.directName(tool(tool.qualifiedName()));
    }

    private CatalogTool tool(String qualified) {
        return codeMode.view().tools().stream().filter(t -> t.descriptor().qualifiedName().equals(qualified))
                .findFirst().orElseThrow(() -> new IllegalStateException("no tool " + qualified + " in this round"));
    }

    private String file(CatalogTool tool) {
        return method.binding() == BindingLevel.TOOL ? "servers/" + tool.serverId() + "/" + tool.toolId() + ".pyi"
                : "servers/" + tool.serverId() + ".pyi";
    }

    @Override
    public void close() {
        codeMode.close();
        if (policy != null) {
            policy.close();
        }
    }
}
