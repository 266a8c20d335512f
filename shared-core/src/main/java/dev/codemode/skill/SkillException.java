package dev.codemode.skill;

/** A refused save or registration; the message says why and what to do, in words a model can act on. */
public final class SkillException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SkillException(String message) {
        super(message);
    }
}
