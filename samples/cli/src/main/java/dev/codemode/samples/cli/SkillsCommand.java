package dev.codemode.samples.cli;

import dev.codemode.skill.Skill;
import dev.codemode.skill.SkillException;
import dev.codemode.skill.SkillLibrary;
import dev.codemode.skill.SkillStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code skills list|show|rm|add}: the skills of the store named in the config's {@code "codemode"}
 * section ({@link SkillsConfig}). {@code list}, {@code show} and {@code rm} read the store alone (no server
 * is started); {@code add} connects the servers, since a skill may only call tools that exist. A scope is
 * shown as {@code shared}, {@code anonymous} or the owning virtual key masked ({@code sup***});
 * {@code --scope} takes {@code shared}, a key id, or the masked form when only one key matches it.
 */
@Command(name = "skills", mixinStandardHelpOptions = true,
        description = "The saved skills of the config's store: list, show NAME, rm NAME, add FILE.star.",
        subcommands = {SkillsCommand.ListSkills.class, SkillsCommand.ShowSkill.class, SkillsCommand.RemoveSkill.class,
                SkillsCommand.AddSkill.class})
final class SkillsCommand implements Runnable {

    /** How the scope every caller sees is shown and named. */
    static final String SHARED = "shared";

    @ParentCommand
    CodeModeCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a skills command: list, show, rm or add");
    }

    /** {@code work} over the configured store; a store that cannot be read is a configuration error. */
    <T> T withStore(Function<SkillStore, T> work) {
        SkillsConfig config = config();
        SkillStore store = config.open();
        try {
            return work.apply(store);
        } catch (IllegalStateException e) {
            throw new ConfigException("the skill store " + config.shown() + " cannot be read: "
                    + SkillsConfig.reason(e));
        }
    }

    private SkillsConfig config() {
        if (cli.config == null) {
            throw new ConfigException("--config FILE is required: the mcpServers JSON file whose \"codemode\" section"
                    + " names the skill store");
        }
        SkillsConfig config = SkillsConfig.read(cli.config);
        if (config == null) {
            throw new ConfigException("config file " + cli.config + " has no skill store: add \"skills\": {\"store\": \""
                    + SkillsConfig.DEFAULT_STORE + "\"} to its \"codemode\" section");
        }
        return config;
    }

    /** {@code shared}, {@code anonymous}, {@code application}, or a virtual key masked. */
    static String shown(String scopeOrAuthor) {
        if (scopeOrAuthor.equals(SkillStore.SHARED)) {
            return SHARED;
        }
        if (scopeOrAuthor.equals(SkillLibrary.ANONYMOUS) || scopeOrAuthor.equals(SkillLibrary.APPLICATION)) {
            return scopeOrAuthor;
        }
        return scopeOrAuthor.length() <= 4 ? "***" : scopeOrAuthor.substring(0, 3) + "***";
    }

    /** Whether {@code given} (as typed after --scope) names {@code scope}. */
    static boolean names(String given, String scope) {
        String g = given.strip();
        return g.equals(scope) || g.equals(shown(scope));
    }

    /**
     * The one scope that holds {@code name} and matches {@code scope} (null: any), or a
     * {@link ConfigException} that says which scopes there are.
     */
    static String scopeOf(SkillStore store, String name, String scope) {
        List<String> scopes = store.listAll().stream().filter(s -> s.name().equals(name)).map(Skill::scope)
                .filter(s -> scope == null || names(scope, s)).toList();
        if (scopes.size() == 1) {
            return scopes.get(0);
        }
        if (scopes.isEmpty()) {
            throw new NotFound("no skill " + name + (scope == null ? "" : " in scope " + (scope.strip().equals(SHARED)
                    ? SHARED : shown(scope.strip()))) + "; codemode skills list shows them");
        }
        throw new ConfigException(name + " exists in " + scopes.size() + " scopes (" + String.join(", ",
                scopes.stream().map(SkillsCommand::shown).toList()) + "): pick one with --scope (shared, or the key)");
    }

    /** A skill or version that is not there: one line on stderr, exit 1 (the CLI's handler prints it). */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** The skill {@code show} and {@code rm} act on: its name, and {@code --scope} when several scopes have it. */
    static final class Target {

        @Parameters(index = "0", paramLabel = "NAME", description = "the skill, as scripts call it: skills.NAME")
        String name;

        @Option(names = "--scope", paramLabel = "SCOPE",
                description = "shared, or a virtual key id: needed when NAME exists in several scopes")
        String scope;

        String scopeIn(SkillStore store) {
            return scopeOf(store, name, scope);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The latest version of every skill: scope, signature, version, the tools it calls.")
    static final class ListSkills implements Callable<Integer> {

        @ParentCommand
        SkillsCommand skills;

        @Spec
        CommandSpec spec;

        @Option(names = "--scope", paramLabel = "SCOPE", description = "only this scope: shared, or a virtual key id")
        String scope;

        @Override
        public Integer call() {
            List<Skill> all = skills.withStore(store -> store.listAll().stream()
                    .filter(s -> scope == null || names(scope, s.scope())).toList());
            PrintWriter out = spec.commandLine().getOut();
            if (all.isEmpty()) {
                spec.commandLine().getErr().println("codemode: no skills" + (scope == null ? "" : " in that scope"));
                return CodeModeCli.OK;
            }
            int width = all.stream().mapToInt(s -> shown(s.scope()).length()).max().orElse(0);
            for (Skill s : all) {
                out.println(String.format("%-" + width + "s  %s  v%d  %s", shown(s.scope()), s.signature(),
                        s.version(), s.tools().isEmpty() ? "(no tools)" : String.join(", ", s.tools())));
            }
            out.flush();
            return CodeModeCli.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One skill: its latest version (or --version N) with source, and its versions.")
    static final class ShowSkill implements Callable<Integer> {

        @ParentCommand
        SkillsCommand skills;

        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Option(names = "--version", paramLabel = "N", description = "this version instead of the latest")
        Integer version;

        @Override
        public Integer call() {
            String name = target.name;
            return skills.withStore(store -> {
                String in = target.scopeIn(store);
                List<Skill> versions = store.versions(in, name);
                Skill shown = version == null ? versions.get(versions.size() - 1) : versions.stream()
                        .filter(v -> v.version() == version).findFirst().orElseThrow(() -> new NotFound(
                                "skills." + name + " has no version " + version + " (versions: " + String.join(", ",
                                        versions.stream().map(v -> String.valueOf(v.version())).toList()) + ")"));
                PrintWriter out = spec.commandLine().getOut();
                out.println("# skills." + shown.signature() + "  v" + shown.version() + " of " + versions.size()
                        + "  scope " + shown(shown.scope()) + ", saved by " + shown(shown.author()) + " at "
                        + shown.created());
                out.println("# calls: " + (shown.tools().isEmpty() ? "no tools" : String.join(", ", shown.tools())));
                out.println("# versions: " + String.join(", ", versions.stream()
                        .map(v -> v.version() + " (" + v.created() + ")").toList()));
                out.print(shown.source().endsWith("\n") ? shown.source() : shown.source() + "\n");
                out.flush();
                return CodeModeCli.OK;
            });
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete every version of a skill.")
    static final class RemoveSkill implements Callable<Integer> {

        @ParentCommand
        SkillsCommand skills;

        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Override
        public Integer call() {
            String name = target.name;
            return skills.withStore(store -> {
                String in = target.scopeIn(store);
                int versions = store.versions(in, name).size();
                if (!store.delete(in, name)) {
                    throw new NotFound("no skill " + name + " in scope " + shown(in) + " any more");
                }
                spec.commandLine().getOut().println("deleted skills." + name + " (" + versions
                        + (versions == 1 ? " version" : " versions") + ") from scope " + shown(in));
                spec.commandLine().getOut().flush();
                return CodeModeCli.OK;
            });
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Validate FILE.star (one def with a docstring) against the servers and save it as a skill,"
                    + " without running it.")
    static final class AddSkill implements Callable<Integer> {

        @ParentCommand
        SkillsCommand skills;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE.star", description = "the skill's source")
        Path file;

        @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = SHARED,
                description = "shared (every caller; the default), or the virtual key id whose caller alone sees it")
        String scope;

        @Override
        public Integer call() throws Exception {
            String source;
            try {
                source = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new ConfigException("skill file " + file + " does not exist");
            }
            skills.config(); // a missing store is said before any server starts
            CodeModeCli cli = skills.cli;
            return cli.withCodeMode(spec.commandLine(), builder -> { }, codeMode -> {
                SkillLibrary library = codeMode.skills().orElseThrow();
                String into = scope.strip().equals(SHARED) ? SkillStore.SHARED : scope.strip();
                if (!into.equals(SkillStore.SHARED) && !cli.callers().keyIds().contains(into)) {
                    throw new ConfigException("--scope " + shown(into) + ": not shared and not a virtual key of the"
                            + " config's \"codemode\" section");
                }
                Skill saved;
                try {
                    saved = library.register(source, into, SkillLibrary.APPLICATION); // a key's: only its tools
                } catch (SkillException e) {
                    spec.commandLine().getErr().println("codemode: not added: " + e.getMessage());
                    return CodeModeCli.FAILED;
                }
                spec.commandLine().getOut().println("added skills." + saved.signature() + " as version "
                        + saved.version() + " in scope " + shown(saved.scope()));
                spec.commandLine().getOut().flush();
                return CodeModeCli.OK;
            });
        }
    }
}
