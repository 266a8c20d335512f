package dev.codemode.skill;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link SkillStore#inMemory()}: versions per (scope, name) in a map, guarded by this object's lock. */
final class InMemorySkillStore implements SkillStore {

    private record Key(String scope, String name) {
    }

    private final Map<Key, List<Skill>> skills = new TreeMap<>(
            Comparator.comparing(Key::scope).thenComparing(Key::name));
    private final Clock clock;

    InMemorySkillStore() {
        this(Clock.systemUTC());
    }

    InMemorySkillStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<Skill> list(Collection<String> scopes) {
        List<Skill> out = new ArrayList<>();
        skills.forEach((key, versions) -> {
            if (scopes.contains(key.scope())) {
                out.add(versions.get(versions.size() - 1));
            }
        });
        out.sort(Comparator.comparing(Skill::name).thenComparing(Skill::scope));
        return out;
    }

    @Override
    public synchronized List<Skill> listAll() {
        List<Skill> out = new ArrayList<>();
        skills.values().forEach(versions -> out.add(versions.get(versions.size() - 1)));
        return out;
    }

    @Override
    public synchronized Optional<Skill> latest(String scope, String name) {
        List<Skill> versions = skills.get(new Key(scope, name));
        return versions == null ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    @Override
    public synchronized List<Skill> versions(String scope, String name) {
        List<Skill> versions = skills.get(new Key(scope, name));
        return versions == null ? List.of() : List.copyOf(versions);
    }

    @Override
    public synchronized Skill save(Skill draft) {
        List<Skill> versions = skills.computeIfAbsent(new Key(draft.scope(), draft.name()), k -> new ArrayList<>());
        int next = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        Skill stored = draft.withVersion(next, clock.instant());
        versions.add(stored);
        return stored;
    }

    @Override
    public synchronized boolean delete(String scope, String name) {
        return skills.remove(new Key(scope, name)) != null;
    }

    @Override
    public synchronized int count(String scope) {
        return (int) skills.keySet().stream().filter(k -> k.scope().equals(scope)).count();
    }
}
