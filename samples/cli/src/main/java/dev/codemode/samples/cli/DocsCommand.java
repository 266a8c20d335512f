package dev.codemode.samples.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code getToolDocs(server, tool)}: the full documentation of one tool. */
@Command(name = "docs", mixinStandardHelpOptions = true,
        description = "What getToolDocs returns: parameters with constraints and examples, output shape, usage.")
final class DocsCommand implements Callable<Integer> {

    @ParentCommand
    CodeModeCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVER", description = "server name, e.g. crm")
    String server;

    @Parameters(index = "1", paramLabel = "TOOL", description = "tool name, e.g. lookup_customer")
    String tool;

    @Override
    public Integer call() throws Exception {
        return cli.withCodeMode(spec.commandLine(), builder -> { }, codeMode -> CodeModeCli.print(spec.commandLine(),
                codeMode.call("getToolDocs", Map.of("server", server, "tool", tool), cli.caller())));
    }
}
