package dev.codemode.samples.cli;

import dev.codemode.skill.JdbcSkillStore;
import dev.codemode.skill.SkillSharing;
import dev.codemode.skill.SkillStore;
import dev.codemode.skill.Skills;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The optional {@code "skills"} object of the config's {@code "codemode"} section: where saved skills live
 * and who sees them. Without it, no command offers skills.
 *
 * <pre>
 * "codemode": {"skills": {"store": "jdbc:h2:file:./.codemode/skills", "sharing": "per-key", "saving": true}}
 * </pre>
 *
 * {@code store} is an H2 database URL (the default is the one above) or {@code "memory"} (skills last as long
 * as one command, so only {@code serve} keeps them). A relative H2 file path ({@code ./...}) is relative to the
 * config file's folder, not to where the command runs, so every command finds the same database. Each
 * store operation opens the database and closes it again: {@code codemode skills} can read it while
 * {@code serve} runs, though not at the very moment the server writes it.
 *
 * @param store          {@code memory} or an H2 JDBC URL, relative paths resolved
 * @param sharing        per key (each virtual key its own skills, plus shared ones) or shared
 * @param saving         whether executeToolCode offers saveAs
 * @param maxSkills      skills per scope, or null for the core's default
 * @param maxSourceChars characters of one skill, or null for the core's default
 */
record SkillsConfig(String store, SkillSharing sharing, boolean saving, Integer maxSkills, Integer maxSourceChars) {

    static final String DEFAULT_STORE = "jdbc:h2:file:./.codemode/skills";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final List<String> FIELDS = List.of("store", "sharing", "saving", "maxSkills", "maxSourceChars");

    /** The {@code "skills"} object of {@code file}, or null when there is none. */
    static SkillsConfig read(Path file) {
        try {
            return parse(file, Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
    }

    static SkillsConfig parse(Path file, String text) {
        Object root;
        try {
            root = JSON.readValue(text, Object.class);
        } catch (JacksonException e) {
            return null; // McpServersConfig reports the syntax error
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("codemode") instanceof Map<?, ?> section)
                || !section.containsKey("skills")) {
            return null;
        }
        String at = "config file " + file + ": \"codemode\".\"skills\"";
        if (!(section.get("skills") instanceof Map<?, ?> skills)) {
            throw new ConfigException(at + " must be an object with " + String.join(", ", FIELDS));
        }
        for (Object name : skills.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new ConfigException(at + " has \"" + name + "\"; known: " + String.join(", ", FIELDS));
            }
        }
        Object store = skills.containsKey("store") ? skills.get("store") : DEFAULT_STORE;
        if (!(store instanceof String s) || !(s.equals("memory") || s.startsWith("jdbc:h2:"))) {
            throw new ConfigException(at + ": \"store\" must be \"memory\" or an H2 database URL such as \""
                    + DEFAULT_STORE + "\" (the CLI ships the H2 driver only)");
        }
        Object sharing = skills.containsKey("sharing") ? skills.get("sharing") : "per-key";
        SkillSharing mode;
        if ("per-key".equals(sharing)) {
            mode = SkillSharing.PER_KEY;
        } else if ("shared".equals(sharing)) {
            mode = SkillSharing.SHARED;
        } else {
            throw new ConfigException(at + ": \"sharing\" must be \"per-key\" (each virtual key its own skills, plus"
                    + " shared ones) or \"shared\" (one set for every caller)");
        }
        Object saving = skills.containsKey("saving") ? skills.get("saving") : Boolean.TRUE;
        if (!(saving instanceof Boolean)) {
            throw new ConfigException(at + ": \"saving\" must be true or false");
        }
        return new SkillsConfig(resolve(s, file), mode, (Boolean) saving, positive(at, skills, "maxSkills"),
                positive(at, skills, "maxSourceChars"));
    }

    private static Integer positive(String at, Map<?, ?> skills, String name) {
        Object value = skills.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer i) || i < 1) {
            throw new ConfigException(at + ": \"" + name + "\" must be a positive whole number");
        }
        return i;
    }

    /** {@code jdbc:h2:file:./x} and {@code jdbc:h2:./x} against the config file's folder. */
    static String resolve(String url, Path file) {
        for (String prefix : List.of("jdbc:h2:file:", "jdbc:h2:")) {
            if (url.startsWith(prefix)) {
                String rest = url.substring(prefix.length());
                if (rest.startsWith("./") || rest.startsWith("../")) {
                    int options = rest.indexOf(';');
                    String path = options < 0 ? rest : rest.substring(0, options);
                    Path folder = file.toAbsolutePath().getParent();
                    return "jdbc:h2:file:" + folder.resolve(path).normalize() + (options < 0 ? ""
                            : rest.substring(options));
                }
                return url;
            }
        }
        return url;
    }

    /** The store: in memory, or the H2 database (its table created when missing). */
    SkillStore open() {
        if (store.equals("memory")) {
            return SkillStore.inMemory();
        }
        JdbcDataSource source = new JdbcDataSource();
        source.setURL(store);
        try {
            return JdbcSkillStore.create(source);
        } catch (IllegalStateException e) {
            throw new ConfigException("the skill store " + shown() + " cannot be opened: " + reason(e));
        }
    }

    /** The settings {@code CodeMode.builder().skills(...)} takes, over {@code store}. */
    Skills skills(SkillStore opened) {
        Skills.Builder b = Skills.builder().store(opened).sharing(sharing).saving(saving);
        if (maxSkills != null) {
            b.maxSkills(maxSkills);
        }
        if (maxSourceChars != null) {
            b.maxSourceChars(maxSourceChars);
        }
        return b.build();
    }

    /** The store's URL without its options (they may hold a password). */
    String shown() {
        int options = store.indexOf(';');
        return options < 0 ? store : store.substring(0, options);
    }

    /** The database's reason, in one line: "in use by another process" is the usual one. */
    static String reason(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("already in use")) {
            return "the database is in use by another process (a running serve writing to it?); try again, or"
                    + " add ;AUTO_SERVER=TRUE to the store URL";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
