package dev.codemode.skill;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.sandbox.StarlarkInterpreter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The skills of one host, from {@code CodeMode.skills()}: what a caller sees and may call, saving,
 * and management (list, show, versions, delete). Every save is checked first ({@link SkillException}
 * says why one is refused); nothing here runs a skill.
 */
public final class SkillLibrary {

    /** The author of skills the application registers. */
    public static final String APPLICATION = "application";
    /** The scope and author of a caller without a virtual key. */
    public static final String ANONYMOUS = "anonymous";

    private final Skills settings;
    private final ToolCatalog catalog;
    private final StarlarkInterpreter interpreter;
    private final Function<@Nullable CallContext, CatalogView> views;

    SkillLibrary(Skills settings, ToolCatalog catalog, StarlarkInterpreter interpreter,
            Function<@Nullable CallContext, CatalogView> views) {
        this.settings = settings;
        this.catalog = catalog;
        this.interpreter = interpreter;
        this.views = views;
    }

    /** The settings this library was built with. */
    public Skills settings() {
        return settings;
    }

    /** The scope {@code caller} saves into: its key id under {@link SkillSharing#PER_KEY}, else {@link SkillStore#SHARED}. */
    public String scopeOf(@Nullable CallContext caller) {
        if (settings.sharing() == SkillSharing.SHARED) {
            return SkillStore.SHARED;
        }
        return caller == null || caller.virtualKey() == null ? ANONYMOUS : caller.virtualKey();
    }

    /** What {@code caller} sees and may call: its scopes' latest versions whose tools are all in its view, by name. */
    public List<Skill> list(@Nullable CallContext caller) {
        return visible(caller, views.apply(caller));
    }

    /**
     * {@link #list(CallContext)} for a caller whose view is {@code view} (the meta-tools have it at
     * hand): a skill naming a tool outside the view is left out, as if it did not exist.
     */
    public List<Skill> list(@Nullable CallContext caller, CatalogView view) {
        return visible(caller, view);
    }

    private List<Skill> visible(@Nullable CallContext caller, CatalogView view) {
        String own = scopeOf(caller);
        List<String> scopes = own.equals(SkillStore.SHARED) ? List.of(SkillStore.SHARED) : List.of(own, SkillStore.SHARED);
        Map<String, Skill> byName = new TreeMap<>();
        for (Skill skill : settings.store().list(scopes)) {
            if (!callable(skill, view)) {
                continue;
            }
            // A shared skill wins over a key's own of the same name (saving one is refused; a shared one
            // registered later takes the name).
            Skill before = byName.get(skill.name());
            if (before == null || SkillStore.SHARED.equals(skill.scope())) {
                byName.put(skill.name(), skill);
            }
        }
        return List.copyOf(byName.values());
    }

    /** Every tool the skill names is in {@code view}. */
    private static boolean callable(Skill skill, CatalogView view) {
        for (String id : skill.tools()) {
            int dot = id.indexOf('.');
            if (dot < 0 || view.tool(id.substring(0, dot), id.substring(dot + 1)).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Every scope's latest versions (admin). */
    public List<Skill> listAll() {
        return settings.store().listAll();
    }

    /** The latest version. */
    public Optional<Skill> show(String scope, String name) {
        return settings.store().latest(scope, name);
    }

    public Optional<Skill> show(String scope, String name, int version) {
        return versions(scope, name).stream().filter(s -> s.version() == version).findFirst();
    }

    /** All versions, oldest first. */
    public List<Skill> versions(String scope, String name) {
        return settings.store().versions(scope, name);
    }

    /**
     * Checks {@code starSource} and stores it as the next version in {@code scope} by {@code author};
     * never runs it. In {@link SkillStore#SHARED} it may name every tool of the catalog; in a key's
     * scope only the tools that key sees.
     *
     * @throws SkillException when the source is refused, saying why
     */
    public Skill register(String starSource, String scope, String author) {
        // A key's skill may name only the tools that key sees; a shared one any tool of the catalog.
        CatalogView view = SkillStore.SHARED.equals(scope) ? catalog.view()
                : views.apply(ANONYMOUS.equals(scope) ? CallContext.anonymous() : CallContext.of(scope));
        Skill draft = SkillCheck.full(starSource, settings.maxSourceChars(), view, catalogServers(),
                interpreter, scope, author);
        limits(draft);
        return settings.store().save(draft);
    }

    /**
     * Checks {@code source} (one {@code def}) as {@code caller}'s and returns the skill it would
     * store, without storing it.
     *
     * @throws SkillException when it is refused, saying why
     */
    public Skill check(String source, @Nullable CallContext caller) {
        String scope = scopeOf(caller);
        String author = caller == null || caller.virtualKey() == null ? ANONYMOUS : caller.virtualKey();
        Skill draft = SkillCheck.full(source, settings.maxSourceChars(), views.apply(caller), catalogServers(),
                interpreter, scope, author);
        limits(draft);
        return draft;
    }

    /**
     * Checks {@code source} as {@code caller}'s and stores it in {@link #scopeOf caller's scope} as
     * the next version.
     *
     * @throws SkillException when it is refused, saying why
     */
    public Skill save(String source, @Nullable CallContext caller) {
        return settings.store().save(check(source, caller));
    }

    /** Deletes every version; false when there was none. */
    public boolean delete(String scope, String name) {
        return settings.store().delete(scope, name);
    }

    /** An application skill: stored as a new version only when its source changed (hosts restart over one store). */
    void registerApplication(String source) {
        Skill shaped = SkillCheck.shape(source, settings.maxSourceChars());
        Optional<Skill> stored = settings.store().latest(SkillStore.SHARED, shaped.name());
        if (stored.isPresent() && stored.get().source().equals(shaped.source())) {
            SkillCheck.full(source, settings.maxSourceChars(), catalog.view(), catalogServers(), interpreter,
                    SkillStore.SHARED, APPLICATION);
            return;
        }
        register(source, SkillStore.SHARED, APPLICATION);
    }

    /** The count limit of the draft's scope, and a key's skill may not take a shared skill's name. */
    private void limits(Skill draft) {
        SkillStore store = settings.store();
        if (!SkillStore.SHARED.equals(draft.scope()) && store.latest(SkillStore.SHARED, draft.name()).isPresent()) {
            throw new SkillException("a shared skill is already named " + draft.name()
                    + ": call it as skills." + draft.name() + "(...) or save yours under another name");
        }
        if (store.latest(draft.scope(), draft.name()).isEmpty() && store.count(draft.scope()) >= settings.maxSkills()) {
            throw new SkillException("there are " + settings.maxSkills() + " skills already, the limit: save a new"
                    + " version of an existing skill instead, or ask the user to delete one");
        }
    }

    /** Ids of every server of the catalog, whoever sees them: a skill may not take one's name. */
    private Set<String> catalogServers() {
        Set<String> ids = new HashSet<>();
        catalog.view().servers().forEach(s -> ids.add(s.id()));
        return ids;
    }
}
