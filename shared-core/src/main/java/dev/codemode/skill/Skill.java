package dev.codemode.skill;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One version of a skill: a named Starlark function with typed parameters and a docstring.
 *
 * @param name        the name scripts call it by, {@code skills.<name>(...)}
 * @param scope       {@link SkillStore#SHARED}, or the virtual key id that owns it ({@code "anonymous"} for no key)
 * @param version     1 for the first save of a name in a scope, then one more per save
 * @param description the docstring, as written (dedented)
 * @param parameters  the parameters, in order
 * @param source      the whole {@code def}, as written
 * @param tools       the tools it names, as {@code server.tool}, sorted
 * @param author      the key id that saved it, {@code "anonymous"}, or {@code "application"}
 * @param created     when this version was saved
 */
public record Skill(String name, String scope, int version, String description, List<Skill.Parameter> parameters,
        String source, List<String> tools, String author, Instant created) {

    /**
     * One parameter.
     *
     * @param name         its name
     * @param type         {@code str}, {@code int}, {@code float}, {@code bool}, {@code list} or {@code dict}
     *                     from the docstring's {@code Args:} section, or {@code null}
     * @param description  from the {@code Args:} section, or {@code null}
     * @param defaultValue the default's source text, or {@code null} when the parameter is required
     */
    public record Parameter(String name, @Nullable String type, @Nullable String description,
            @Nullable String defaultValue) {

        public Parameter {
            Objects.requireNonNull(name, "name");
        }
    }

    public Skill {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        description = description == null ? "" : description;
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        Objects.requireNonNull(source, "source");
        tools = tools == null ? List.of() : List.copyOf(tools);
        author = author == null ? "anonymous" : author;
        created = created == null ? Instant.EPOCH : created;
    }

    /** {@code "name(customer_id: str, limit: int = 10)"}. */
    public String signature() {
        StringBuilder s = new StringBuilder(name).append('(');
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (i > 0) {
                s.append(", ");
            }
            s.append(p.name());
            if (p.type() != null) {
                s.append(": ").append(p.type());
            }
            if (p.defaultValue() != null) {
                s.append(p.type() != null ? " = " : "=").append(p.defaultValue());
            }
        }
        return s.append(')').toString();
    }

    /** This skill as stored under {@code version} at {@code created}. */
    public Skill withVersion(int version, Instant created) {
        return new Skill(name, scope, version, description, parameters, source, tools, author, created);
    }

    /** {@code "name@version"}, as the audit log names a skill a run used. */
    public String ref() {
        return name + "@" + version;
    }
}
