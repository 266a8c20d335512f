package dev.codemode.samples.cli;

import dev.codemode.MetaToolResult;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalHandler;
import dev.codemode.policy.ApprovalRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code executeToolCode(code)}: runs a Starlark script against the servers. Only the tools matched by
 * {@code --auto-execute}, and the read-only (not destructive) tools of {@code --trust} servers, run on
 * their own; a script that calls any other tool is denied (nothing of it runs, exit 3) unless
 * {@code --yes} approves everything.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "What executeToolCode returns for the Starlark script in SCRIPT_FILE (- reads stdin).")
final class ExecCommand implements Callable<Integer> {

    @ParentCommand
    CodeModeCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCRIPT_FILE", description = "the script, or - to read it from stdin")
    String script;

    @Option(names = {"-y", "--yes"}, description = "approve every script, whatever it calls")
    boolean yes;

    @Option(names = "--save-as", paramLabel = "NAME",
            description = "save the def NAME of the script as a skill when the script succeeds (executeToolCode's"
                    + " saveAs; needs \"skills\" in the config's \"codemode\" section)")
    String saveAs;

    @Override
    public Integer call() throws Exception {
        String code = readScript();
        AtomicReference<ApprovalRequest> denied = new AtomicReference<>();
        ApprovalHandler handler = yes ? ApprovalHandler.allowAll() : request -> {
            denied.set(request);
            return ApprovalDecision.deny(null);
        };
        return cli.withCodeMode(spec.commandLine(), builder -> builder.approvalHandler(handler),
                codeMode -> {
                    if (saveAs != null && codeMode.skills().isEmpty()) {
                        throw new ConfigException("--save-as needs skills: add \"skills\": {\"store\": \""
                                + SkillsConfig.DEFAULT_STORE + "\"} to the \"codemode\" section of the config");
                    }
                    Map<String, Object> args = saveAs == null ? Map.of("code", code)
                            : Map.of("code", code, "saveAs", saveAs);
                    MetaToolResult result = codeMode.call("executeToolCode", args, cli.caller());
                    int exit = CodeModeCli.print(spec.commandLine(), result);
                    if (denied.get() == null) {
                        return exit;
                    }
                    ApprovalRequest request = denied.get();
                    spec.commandLine().getErr().println("codemode: not run: " + (request.isUndetermined()
                            ? "the tools this script calls cannot be determined; pass --yes to run it anyway"
                            : String.join(", ", request.needApproval()) + (request.needApproval().size() == 1
                                    ? " needs" : " need") + " approval; pass --auto-execute "
                                    + String.join(" --auto-execute ", request.needApproval()) + ", or --yes"));
                    return CodeModeCli.DENIED;
                });
    }

    private String readScript() throws IOException {
        if (script.equals("-")) {
            return new String(cli.in().readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            return Files.readString(Path.of(script));
        } catch (NoSuchFileException e) {
            throw new ConfigException("script file " + script + " does not exist (use - to read the script from stdin)");
        }
    }
}
