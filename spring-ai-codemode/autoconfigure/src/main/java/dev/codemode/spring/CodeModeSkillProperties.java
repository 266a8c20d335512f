package dev.codemode.spring;

import java.util.ArrayList;
import java.util.List;

import dev.codemode.skill.SkillSharing;
import dev.codemode.spring.InvalidCodeModeSettingsException.Problem;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code spring.ai.codemode.skills.*}: whether scripts that worked can be saved as skills the model calls
 * later ({@code skills.name(...)}), where skills live and who sees them. Off by default. The table is
 * {@code <spring.ai.codemode.audit.table-prefix>_skill}, next to the audit tables.
 *
 * @param enabled        offer skills: {@code skills.pyi} in the listing, {@code skills.name(...)} in scripts,
 *                       and (with {@code saving}) {@code saveAs} on executeToolCode
 * @param store          "auto" (the database when there is exactly one DataSource, else memory), "jdbc" or
 *                       "memory"
 * @param sharing        "per-key": a caller saves into and sees its own virtual key's skills plus the shared
 *                       ones; "shared": every caller saves into and sees one shared set
 * @param saving         offer {@code saveAs} on executeToolCode (false: only the application's skills)
 * @param maxSkills      skills (names, not versions) per scope
 * @param maxSourceChars characters of one skill's source
 * @param locations      class path folders whose {@code *.star} files are registered as shared skills at
 *                       start-up, e.g. {@code codemode/skills}
 */
@ConfigurationProperties(CodeModeSkillProperties.PREFIX)
public record CodeModeSkillProperties(@DefaultValue("false") boolean enabled, @DefaultValue("auto") Store store,
        @DefaultValue("per-key") SkillSharing sharing, @DefaultValue("true") boolean saving,
        @DefaultValue("100") int maxSkills, @DefaultValue("4000") int maxSourceChars, List<String> locations) {

    public static final String PREFIX = CodeModeProperties.PREFIX + ".skills";

    public enum Store { AUTO, JDBC, MEMORY }

    public CodeModeSkillProperties {
        locations = locations == null ? List.of() : List.copyOf(locations);
        List<Problem> problems = new ArrayList<>();
        if (maxSkills < 1) {
            problems.add(new Problem(PREFIX + ".max-skills", String.valueOf(maxSkills), "must be at least 1",
                    "Set " + PREFIX + ".max-skills to how many skills one scope may hold, or remove it to keep the"
                            + " default (100)."));
        }
        if (maxSourceChars < 20) {
            problems.add(new Problem(PREFIX + ".max-source-chars", String.valueOf(maxSourceChars),
                    "must be at least 20", "Set " + PREFIX + ".max-source-chars to the largest skill source you"
                            + " accept, in characters, or remove it to keep the default (4000)."));
        }
        for (int i = 0; i < locations.size(); i++) {
            String location = locations.get(i);
            if (location == null || location.isBlank() || location.contains("*") || location.contains("..")) {
                problems.add(new Problem(PREFIX + ".locations[" + i + "]", location, "not a class path folder",
                        "Name a folder on the class path that holds .star files, such as codemode/skills."));
            }
        }
        InvalidCodeModeSettingsException.throwIfAny(problems);
    }
}
