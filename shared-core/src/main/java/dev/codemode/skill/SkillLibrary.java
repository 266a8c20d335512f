package dev.codemode.skill;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.sandbox.StarlarkInterpreter;
import java.util.List;
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
        return List.of();
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
     * Checks {@code starSource} as the application's (every tool of the catalog may be named) and
     * stores it as the next version in {@code scope} by {@code author}; never runs it.
     *
     * @throws SkillException when the source is refused, saying why
     */
    public Skill register(String starSource, String scope, String author) {
        throw new SkillException("not implemented yet");
    }

    /**
     * Checks {@code source} (one {@code def}) as {@code caller}'s and returns the skill it would
     * store, without storing it.
     *
     * @throws SkillException when it is refused, saying why
     */
    public Skill check(String source, @Nullable CallContext caller) {
        throw new SkillException("not implemented yet");
    }

    /**
     * Checks {@code source} as {@code caller}'s and stores it in {@link #scopeOf caller's scope} as
     * the next version.
     *
     * @throws SkillException when it is refused, saying why
     */
    public Skill save(String source, @Nullable CallContext caller) {
        throw new SkillException("not implemented yet");
    }

    /** Deletes every version; false when there was none. */
    public boolean delete(String scope, String name) {
        return settings.store().delete(scope, name);
    }

    void registerApplication(String source) {
        register(source, SkillStore.SHARED, APPLICATION);
    }
}
