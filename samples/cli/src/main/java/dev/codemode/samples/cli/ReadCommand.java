package dev.codemode.samples.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code readToolFile(fileName, startLine?, endLine?)}: one stub file, or some of its lines. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = "What readToolFile returns: the Python stubs of FILE (e.g. servers/crm.pyi), or lines of it.")
final class ReadCommand implements Callable<Integer> {

    @ParentCommand
    CodeModeCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a path from list, e.g. servers/crm.pyi")
    String file;

    @Option(names = "--start-line", paramLabel = "N", description = "first line, 1-based")
    Integer startLine;

    @Option(names = "--end-line", paramLabel = "M", description = "last line, inclusive")
    Integer endLine;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("fileName", file);
        if (startLine != null) {
            args.put("startLine", startLine);
        }
        if (endLine != null) {
            args.put("endLine", endLine);
        }
        return cli.withCodeMode(spec.commandLine(), builder -> { },
                codeMode -> CodeModeCli.print(spec.commandLine(), codeMode.call("readToolFile", args, cli.caller())));
    }
}
