package dev.codemode.sandbox;

import com.google.common.collect.ImmutableList;
import net.starlark.java.annot.StarlarkBuiltin;
import net.starlark.java.eval.Structure;

/**
 * The {@code skills} global of a host with skills. {@code skills.name} written in a script is rewritten
 * to the skill's function before the script compiles, so this value is only met when a script takes
 * {@code skills} itself as a value ({@code getattr(skills, n)}, {@code s = skills}): it has no fields,
 * and says how to call a skill.
 */
@StarlarkBuiltin(name = "skills", documented = false)
final class SkillsGlobal implements Structure {

    static final String NAME = "skills";
    static final SkillsGlobal INSTANCE = new SkillsGlobal();

    private SkillsGlobal() {
    }

    @Override
    public Object getValue(String name) {
        return null;
    }

    @Override
    public ImmutableList<String> getFieldNames() {
        return ImmutableList.of();
    }

    @Override
    public String getErrorMessageForUnknownField(String field) {
        return "call a skill as skills." + field + "(...), written out: skills are not looked up by name";
    }
}
