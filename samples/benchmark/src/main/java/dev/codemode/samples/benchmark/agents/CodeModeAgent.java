package dev.codemode.samples.benchmark.agents;

import dev.codemode.access.CallContext;
import dev.codemode.CodeMode;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.json.JsonValues;
import dev.codemode.Exposure;
import dev.codemode.MetaToolSpec;
import dev.codemode.MetaToolSpec;
import dev.codemode.CodeMode;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.samples.benchmark.catalog.RoundCatalog;
import dev.codemode.samples.benchmark.tasks.Capability;
import dev.codemode.samples.benchmark.tasks.Task;
import dev.codemode.stubs.BindingLevel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Code Mode through the real {@link CodeMode} engine over the round's real tools, one stub file per
 * tool ({@link BindingLevel#TOOL}), default limits. Policy: for each capability the task needs,
 * {@code listToolFiles(query)} with the task's words (again with other words when the tool's file is
 * not listed; the task fails when it still is not), then {@code readToolFile} for each needed file,
 * {@code getToolDocs} where the task calls for it, and one {@code executeToolCode}; a task designed
 * to make the first script fail gets a second script after the error.
 *
 * <p>With {@link Exposure#AUTO} (key {@code auto}) the core decides from the size of the catalog: a
 * large one gets the meta-tools and the policy above; a small one gets its tools as ordinary tools
 * plus {@code executeToolCode}. Then the model needs no discovery: a task of one tool call makes that
 * call directly (one round trip, as standard tool calling does), any other task sends its script to
 * {@code executeToolCode} at once; a failing first attempt is made only when every agent makes it, as
 * the full definitions are in view.
 */
public final class CodeModeAgent implements Agent {

    private static final Pattern FILE = Pattern.compile("servers/[A-Za-z0-9_]+/[A-Za-z0-9_]+\\.pyi");

    private final CodeMode codeMode;
    private final TokenMeter meter;
    private final Exposure exposure;
    private final boolean direct;
    private final List<Map<String, Object>> definitions = new ArrayList<>();
    private final ScriptedPolicy policy;

    public CodeModeAgent(RoundCatalog catalog, TokenMeter meter) {
        this(catalog, meter, Exposure.CODE_MODE);
    }

    /** The agent over {@link Exposure#AUTO}: key {@code auto}. */
    public static CodeModeAgent auto(RoundCatalog catalog, TokenMeter meter) {
        return new CodeModeAgent(catalog, meter, Exposure.AUTO);
    }

    private CodeModeAgent(RoundCatalog catalog, TokenMeter meter, Exposure exposure) {
        this.meter = meter;
        this.exposure = exposure;
        this.codeMode = CodeMode.builder().toolSources(catalog.sources()).bindingLevel(BindingLevel.TOOL)
                .approvalPolicy(ApprovalPolicy.autoExecuteAll()).exposure(exposure).build();
        CodeMode.Offer offer = codeMode.offer(CallContext.anonymous());
        this.direct = offer.decided() == Exposure.DIRECT;
        for (MetaToolSpec s : offer.specs()) {
            definitions.add(RoundCatalog.definition(s.name(), s.description(), s.inputSchema()));
        }
        this.policy = direct ? new ScriptedPolicy(catalog.sources()) : null;
    }

    @Override
    public String key() {
        return exposure == Exposure.AUTO ? "auto" : "codeMode";
    }

    @Override
    public String label() {
        return exposure == Exposure.AUTO ? "Code Mode, auto exposure" : "Code Mode";
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
        Conversation conversation = new Conversation(meter, toolbox(), SYSTEM, task.prompt());
        Set<String> listed = new HashSet<>();
        Set<String> files = new LinkedHashSet<>();
        int searches = 0;
        for (Capability need : task.needs()) {
            String file = file(need);
            for (int i = 0; i < need.queries().size() && !listed.contains(file); i++) {
                searches++;
                Matcher m = FILE.matcher(conversation.toolCall("listToolFiles", Map.of("query", need.queries().get(i))));
                while (m.find()) {
                    listed.add(m.group());
                }
            }
            if (!listed.contains(file)) {
                conversation.answer("I could not find a tool to " + need.queries().get(0) + ".");
                return AgentRun.of(task, conversation, searches, "listing missed " + need.tool());
            }
            files.add(file);
        }
        for (String file : files) {
            conversation.toolCall("readToolFile", Map.of("fileName", file));
        }
        for (String tool : task.docs()) {
            conversation.toolCall("getToolDocs", Map.of("server", tool.substring(0, tool.indexOf('.')),
                    "tool", tool.substring(tool.indexOf('.') + 1)));
        }
        List<String> scripts = task.firstTry() == null ? List.of(task.script()) : List.of(task.firstTry(), task.script());
        String note = "";
        for (String script : scripts) {
            Attempt attempt = execute(conversation, script);
            if (attempt.answer() != null) {
                return finish(task, conversation, searches, attempt.answer(), note);
            }
            note = attempt.error();
        }
        return finish(task, conversation, searches, null, note);
    }

    /** One script's outcome: the answer, or the error the model read. */
    private record Attempt(String answer, String error) {
    }

    private static Attempt execute(Conversation conversation, String script) {
        Object out = JsonValues.parseOrText(conversation.toolCall("executeToolCode", Map.of("code", script)));
        if (out instanceof Map<?, ?> m && m.containsKey("result") && !m.containsKey("error")) {
            return new Attempt(JsonValues.write(m.get("result")), null);
        }
        return new Attempt(null, out instanceof Map<?, ?> m ? String.valueOf(m.get("error")) : String.valueOf(out));
    }

    private static AgentRun finish(Task task, Conversation conversation, int searches, String answer, String note) {
        conversation.answer(answer != null ? answer : "I could not complete the task: " + note);
        return AgentRun.of(task, conversation, searches, note);
    }

    /** The tools are in view: one direct call for a one-call task, else one script straight away. */
    private AgentRun runDirect(Task task) {
        Conversation conversation = new Conversation(meter, toolbox(), SYSTEM, task.prompt());
        String note = "";
        for (String script : StandardAgent.scripts(task)) {
            Attempt attempt;
            if (task.category().equals("single")) {
                ExecutionResult r = policy.run(script, (tool, args) -> conversation.toolCall(directName(tool), args));
                attempt = r.isSuccess() ? new Attempt(JsonValues.write(r.result()), null)
                        : new Attempt(null, r.error().message());
            } else {
                attempt = execute(conversation, script);
            }
            if (attempt.answer() != null) {
                return finish(task, conversation, 0, attempt.answer(), note);
            }
            note = attempt.error();
        }
        return finish(task, conversation, 0, null, note);
    }

    private String directName(ToolDescriptor tool) {
        return codeMode.view().tools().stream().filter(t -> t.descriptor().qualifiedName().equals(tool.qualifiedName()))
                .map(CodeMode::directName).findFirst()
                .orElseThrow(() -> new IllegalStateException("no tool " + tool.qualifiedName()));
    }

    private String file(Capability need) {
        CatalogTool tool = codeMode.view().tools().stream().filter(t -> t.descriptor().qualifiedName().equals(need.tool()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no tool " + need.tool() + " in this round"));
        return "servers/" + tool.serverId() + "/" + tool.toolId() + ".pyi";
    }

    @Override
    public void close() {
        codeMode.close();
        if (policy != null) {
            policy.close();
        }
    }
}
