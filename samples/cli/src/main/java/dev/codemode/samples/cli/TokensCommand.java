package dev.codemode.samples.cli;

import dev.codemode.json.JsonValues;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The token cost per request of the configured servers: standard tool definitions against Code Mode. */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Tokens (o200k_base) per request: every tool definition, as an OpenAI-compatible chat"
                + " completions API receives them, against the four Code Mode meta-tools.")
final class TokensCommand implements Callable<Integer> {

    @ParentCommand
    CodeModeCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "the figures as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return cli.withCodeMode(spec.commandLine(), builder -> { }, codeMode -> {
            TokenReport report = TokenReport.of(codeMode, cli.bindingLevel, cli.caller());
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? JsonValues.write(asJson(report)) + "\n" : text(report));
            out.flush();
            return CodeModeCli.OK;
        });
    }

    static String text(TokenReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Tokens per request (%s): %s, %s%n", TokenReport.ENCODING,
                count(r.servers().size(), "server"), count(r.tools(), "tool")));
        String standard = "standard tool calling (" + count(r.tools(), "tool definition") + ")";
        String codeMode = "Code Mode (4 meta-tool definitions)";
        String row = "  %-" + Math.max(standard.length(), codeMode.length()) + "s  %6d";
        sb.append(String.format(row + "%n", standard, r.standardTokens()));
        sb.append(String.format(row + "  %.1f%% of standard, %d fewer%n", codeMode, r.codeModeTokens(),
                r.percentOfStandard(), r.standardTokens() - r.codeModeTokens()));
        sb.append(String.format("Read once per task instead: listToolFiles() %d, and the stubs of the servers it"
                + " needs%n", r.listingTokens()));
        int width = Math.max(6, r.servers().stream().mapToInt(s -> s.name().length()).max().orElse(0));
        sb.append(String.format("  %-" + width + "s  %5s  %11s  %5s%n", "server", "tools", "definitions", "stubs"));
        for (TokenReport.Server s : r.servers()) {
            sb.append(s.available()
                    ? String.format("  %-" + width + "s  %5d  %11d  %5d%n", s.name(), s.tools(), s.definitionTokens(),
                            s.stubTokens())
                    : String.format("  %-" + width + "s  unavailable%n", s.name()));
        }
        return sb.toString();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static Map<String, Object> asJson(TokenReport r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("encoding", TokenReport.ENCODING);
        out.put("tools", r.tools());
        out.put("standardTokens", r.standardTokens());
        out.put("codeModeTokens", r.codeModeTokens());
        out.put("listToolFilesTokens", r.listingTokens());
        List<Object> servers = new ArrayList<>();
        for (TokenReport.Server s : r.servers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("available", s.available());
            m.put("tools", s.tools());
            m.put("definitionTokens", s.definitionTokens());
            m.put("stubTokens", s.stubTokens());
            servers.add(m);
        }
        out.put("servers", servers);
        return out;
    }
}
