/**
 * Skills: named Starlark functions saved from scripts that worked (or registered by the application),
 * offered back to the model as {@code skills.pyi} and callable from scripts as {@code skills.name(...)}.
 * A skill is code that runs with the calling script's rights, nothing more: every tool call it makes
 * goes through the caller's view, approval, audit and breakers.
 *
 * <p>Public types: {@link dev.codemode.skill.Skill} (one version), {@link dev.codemode.skill.SkillStore}
 * (where they live; in memory or JDBC), {@link dev.codemode.skill.Skills} (the settings
 * {@code CodeMode.builder().skills(...)} takes), {@link dev.codemode.skill.SkillSharing},
 * {@link dev.codemode.skill.SkillLibrary} (management, from {@code CodeMode.skills()}) and
 * {@link dev.codemode.skill.SkillException} (a refused save).
 */
@NullMarked
package dev.codemode.skill;

import org.jspecify.annotations.NullMarked;
