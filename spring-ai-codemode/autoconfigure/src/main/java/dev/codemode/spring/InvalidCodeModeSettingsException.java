package dev.codemode.spring;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * {@code spring.ai.codemode.*} settings Code Mode cannot start with: for each, the property, the value,
 * why it cannot work and what to write instead. Start-up stops with it, and
 * {@link CodeModeFailureAnalyzer} turns it into Spring Boot's failure report, however deep the bean
 * creation exceptions wrapping it are.
 *
 * <p>Virtual keys are credentials: a key in a property name ({@code virtual-keys.<key>.tools[0]}) is
 * masked in the message and the report, and a key given as a value ({@code default-key}) is never shown.
 */
final class InvalidCodeModeSettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * {@code virtual-keys.<key>} or {@code virtual-keys[<key>]}, and the MCP server's
     * {@code mcp-server.tokens.<key>}, in any of Spring's relaxed spellings.
     */
    private static final Pattern KEY_IN_NAME = Pattern.compile(
            "(?i)(virtual-?keys|mcp-?server\\.tokens)(?:\\.([^.\\[]+)|\\[([^\\]]+)\\])");

    /**
     * One setting that cannot work.
     *
     * @param property the property as configured ({@code spring.ai.codemode.tool-groups.reading[0]}); may
     *                 hold a virtual key, so it is shown through {@link #shown(String)} only
     * @param value    the offending value as written; null when there is none or it must not be shown
     * @param reason   why it cannot work
     * @param action   what to write instead, naming the property (with any key masked)
     */
    record Problem(String property, @Nullable String value, String reason, String action) {

        /** The property with any virtual key in it masked. */
        String shownProperty() {
            return shown(property);
        }

        @Override
        public String toString() {
            return shownProperty() + (value == null ? "" : " = " + value) + ": " + reason;
        }
    }

    private final List<Problem> problems;

    InvalidCodeModeSettingsException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems");
        }
        this.problems = List.copyOf(problems);
    }

    InvalidCodeModeSettingsException(Problem problem) {
        this(List.of(problem));
    }

    /** Throws when {@code problems} is not empty. */
    static void throwIfAny(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidCodeModeSettingsException(problems);
        }
    }

    List<Problem> problems() {
        return problems;
    }

    /** Full property name of a setting under {@code spring.ai.codemode}. */
    static String property(String relative) {
        return CodeModeProperties.PREFIX + "." + relative;
    }

    /** {@code property} with every virtual key in it masked. */
    static String shown(String property) {
        Matcher m = KEY_IN_NAME.matcher(property);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(2) != null ? m.group(2) : m.group(3);
            String masked = m.group(2) != null ? m.group(1) + "." + mask(key) : m.group(1) + "[" + mask(key) + "]";
            m.appendReplacement(out, Matcher.quoteReplacement(masked));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** True when {@code property} holds a virtual key. */
    static boolean holdsKey(String property) {
        return KEY_IN_NAME.matcher(property).find();
    }

    /** Enough of a key to recognise it, not enough to use it (as the core's access control masks keys). */
    static String mask(String key) {
        return key.length() <= 4 ? "***" : key.substring(0, 3) + "***";
    }
}
