package dev.codemode.samples.benchmark.agents;

import dev.codemode.CodeMode;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.json.JsonValues;
import dev.codemode.meta.MetaToolSpec;
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
 */
public final class CodeModeAgent implements Agent {

    private static final Pattern FILE = Pattern.compile("servers/[A-Za-z0-9_]+/[A-Za-z0-9_]+\\.pyi");

    private final CodeMode codeMode;
    private final TokenMeter meter;
    private final List<Map<String, Object>> definitions = new ArrayList<>();

    public CodeModeAgent(RoundCatalog catalog, TokenMeter meter) {
        this.meter = meter;
        this.codeMode = CodeMode.builder().toolSources(catalog.sources()).bindingLevel(BindingLevel.TOOL)
                .approvalPolicy(ApprovalPolicy.autoExecuteAll()).build();
        for (MetaToolSpec s : codeMode.specs()) {
            definitions.add(RoundCatalog.definition(s.name(), s.description(), s.inputSchema()));
        }
    }

    @Override
    public String key() {
        return "codeMode";
    }

    @Override
    public String label() {
        return "Code Mode";
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
        String answer = null;
        String note = "";
        for (String script : scripts) {
            Object out = JsonValues.parseOrText(conversation.toolCall("executeToolCode", Map.of("code", script)));
            if (out instanceof Map<?, ?> m && m.containsKey("result") && !m.containsKey("error")) {
                answer = JsonValues.write(m.get("result"));
                break;
            }
            note = out instanceof Map<?, ?> m ? String.valueOf(m.get("error")) : String.valueOf(out);
        }
        conversation.answer(answer != null ? answer : "I could not complete the task: " + note);
        return AgentRun.of(task, conversation, searches, note);
    }

    private String file(Capability need) {
        CatalogTool tool = codeMode.view().tools().stream().filter(t -> t.descriptor().qualifiedName().equals(need.tool()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no tool " + need.tool() + " in this round"));
        return "servers/" + tool.serverId() + "/" + tool.toolId() + ".pyi";
    }

    @Override
    public void close() {
        codeMode.close();
    }
}
