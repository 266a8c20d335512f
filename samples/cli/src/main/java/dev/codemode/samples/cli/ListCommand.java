package dev.codemode.samples.cli;

import dev.codemode.CodeMode;
import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.json.JsonValues;
import dev.codemode.MetaToolResult;
import dev.codemode.stubs.StubFile;
import dev.codemode.stubs.StubGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code listToolFiles(query?)}: the stub files, or the best matches for a query. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "What listToolFiles returns: the stub files of every server, or the best matches for QUERY.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    CodeModeCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "words for the tools you need")
    String query;

    @Option(names = "--json", description = "the files as JSON: path, server, tools, summary; unavailable servers")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return cli.withCodeMode(spec.commandLine(), builder -> { }, codeMode -> {
            Map<String, Object> args = query == null ? Map.of() : Map.of("query", query);
            MetaToolResult result = codeMode.call("listToolFiles", args, cli.caller());
            if (!json) {
                return CodeModeCli.print(spec.commandLine(), result);
            }
            spec.commandLine().getOut().println(JsonValues.write(asJson(codeMode, result.text())));
            spec.commandLine().getOut().flush();
            return result.isError() ? CodeModeCli.FAILED : CodeModeCli.OK;
        });
    }

    /** The listed files (in the listing's order, so a query keeps its ranking) and the unavailable servers. */
    private Map<String, Object> asJson(CodeMode codeMode, String listing) {
        Map<String, StubFile> byPath = new LinkedHashMap<>();
        new StubGenerator(cli.bindingLevel).files(codeMode.view(cli.caller())).forEach(f -> byPath.put(f.path(), f));
        List<Object> files = new ArrayList<>();
        for (String line : listing.lines().toList()) {
            StubFile f = byPath.get(line.split(" ", 2)[0]);
            if (f != null) {
                Map<String, Object> file = new LinkedHashMap<>();
                file.put("path", f.path());
                file.put("server", f.serverId());
                file.put("tools", f.tools().stream().map(CatalogTool::toolId).toList());
                file.put("summary", f.summary());
                files.add(file);
            }
        }
        List<Object> unavailable = new ArrayList<>();
        for (CatalogServer s : codeMode.view(cli.caller()).servers()) {
            if (!s.isAvailable()) {
                Map<String, Object> server = new LinkedHashMap<>();
                server.put("server", s.id());
                server.put("error", s.error());
                unavailable.add(server);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (query != null) {
            out.put("query", query);
        }
        out.put("files", files);
        out.put("unavailable", unavailable);
        return out;
    }
}
