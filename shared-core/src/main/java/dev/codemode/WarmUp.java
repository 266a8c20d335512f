package dev.codemode;

import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolResult;
import dev.codemode.json.JsonValues;
import dev.codemode.access.CallContext;
import dev.codemode.policy.ApprovalGate;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.resilience.Resilience;
import dev.codemode.sandbox.ExecutionResult;
import dev.codemode.sandbox.Script;
import dev.codemode.sandbox.StarlarkInterpreter;
import dev.codemode.stubs.StubFile;
import dev.codemode.stubs.StubGenerator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@link CodeMode#warmUp()} does: the first request's one-time work, done before any request.
 * It builds what the meta-tools derive from the whole catalog's view (stub files, the ranking index,
 * the script globals) and renders one stub, and it runs, once per interpreter, a script through the
 * whole call path (parse, analysis, rewrite, guards, a tool binding, value conversion, a circuit
 * breaker, the result's JSON) against a throwaway in-memory tool of its own. It calls no tool of the
 * catalog, writes no audit record and touches no breaker of the catalog's servers.
 */
final class WarmUp {

    /** Exercises loops, comprehensions, dicts, string formatting, json and a tool call with its result. */
    static final String SCRIPT = """
            rows = []
            for i in range(3):
                r = warmup.echo(n=i, text="row %d" % i, tags=["a", "b"], meta={"k": i})
                rows.append(r)
            ok, err = try_call(warmup.echo, n=9)
            both = parallel([(warmup.echo, {"n": 1}), (warmup.echo, {"n": 2})])
            data = json.decode(json.encode({"rows": rows, "n": len(rows)}))
            result = {"n": data["n"], "first": sorted([r["n"] for r in rows])[0], "both": len(both), "ok": ok != None}
            """;

    private final AtomicBoolean interpreterWarmed = new AtomicBoolean();

    void run(ToolCatalog catalog, StubGenerator stubs, StarlarkInterpreter interpreter) {
        CatalogView view = catalog.view();
        List<StubFile> files = stubs.files(view);
        if (!files.isEmpty()) {
            stubs.read(view, files.get(0).path());
            stubs.docs(files.get(0).tools().get(0));
        }
        FileRanker.of(view).rank("warm up").iterator().hasNext();
        if (!interpreterWarmed.compareAndSet(false, true)) {
            return;
        }
        FunctionToolSource warmup = FunctionToolSource.builder("warmup")
                .tool("echo", "Echoes its arguments.", Map.of("type", "object", "properties", Map.of(
                        "n", Map.of("type", "integer"), "text", Map.of("type", "string"),
                        "tags", Map.of("type", "array", "items", Map.of("type", "string")),
                        "meta", Map.of("type", "object"))), args -> args)
                .build();
        ToolCatalog own = ToolCatalog.of(warmup);
        try (Resilience resilience = Resilience.ofDefaults()) {
            Script script = interpreter.prepare(SCRIPT, own.view());
            ApprovalGate.Decision decision = new ApprovalGate(ApprovalPolicy.autoExecuteAll(), null)
                    .script(SCRIPT, script.syntax(), own.view(), CallContext.anonymous());
            ExecutionResult result = interpreter.run(script, ApprovalGate.enforce(decision, resilience.decorate(
                    (tool, args) -> warmup.callTool(tool.descriptor().name(), args))));
            result.render(10_000);
            JsonValues.write(Map.of("warm", List.of(1, "up")));
            ToolResult.of(JsonValues.parse("{\"warm\": [1, 2.5, true, null]}"));
        }
    }
}
