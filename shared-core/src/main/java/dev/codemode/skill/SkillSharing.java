package dev.codemode.skill;

/** Who sees the skills a caller saves. */
public enum SkillSharing {
    /** A caller saves into and sees its own virtual key's scope, plus {@link SkillStore#SHARED}. The default. */
    PER_KEY,
    /** Every caller saves into and sees {@link SkillStore#SHARED}. */
    SHARED
}
