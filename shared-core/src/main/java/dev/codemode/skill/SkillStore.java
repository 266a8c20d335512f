package dev.codemode.skill;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where skills live. Implementations are thread-safe; every method may be called from any instance
 * (several hosts may share one JDBC store).
 */
public interface SkillStore {

    /** The scope every caller sees. */
    String SHARED = "*";

    /** Latest version of every skill in these scopes, ordered by name (then scope). */
    List<Skill> list(Collection<String> scopes);

    /** Every scope's latest versions (management: CLI, Actuator), ordered by scope, then name. */
    List<Skill> listAll();

    Optional<Skill> latest(String scope, String name);

    /** All versions, oldest first; empty when none. */
    List<Skill> versions(String scope, String name);

    /**
     * Stores {@code draft} as the next version of (scope, name): version = latest + 1 (1 when new),
     * created = now; returns the stored skill. Two instances saving one name at once each get their
     * own version number. {@code draft.version} and {@code draft.created} are ignored.
     */
    Skill save(Skill draft);

    /** Deletes every version; false when there was none. */
    boolean delete(String scope, String name);

    /** Number of skills (names, not versions) in a scope, for the count limit. */
    int count(String scope);

    /** A store in this JVM's memory: skills last as long as it does. */
    static SkillStore inMemory() {
        return new InMemorySkillStore();
    }
}
