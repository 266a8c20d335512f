package dev.codemode.skill;

/** Checks a skill's source before it is stored; never runs it. */
final class SkillCheck {

    private SkillCheck() {
    }

    /** What can be checked without a catalog: size, syntax, one def with a docstring, parameters, name. */
    static Skill shape(String source, int maxSourceChars) {
        if (source.length() > maxSourceChars) {
            throw new SkillException("the skill has " + source.length() + " characters, over the limit of "
                    + maxSourceChars + ": make it shorter");
        }
        return null; // checked in full next
    }
}
