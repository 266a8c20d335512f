package dev.codemode.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.codemode.spring.InvalidCodeModeSettingsException.Problem;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Turns a start-up that failed on {@code spring.ai.codemode.*} settings into one Spring Boot failure
 * report: for each setting, the property, the value, where it was set and why it cannot work, then
 * what to write instead. Without it, the same message is printed about four times: Spring logs the
 * exception of the first bean that needed Code Mode, whose message embeds the message of every bean
 * creation exception it wraps, and then the whole chain again as a stack trace.
 *
 * <p>It reports an {@link InvalidCodeModeSettingsException} found anywhere in the causes, and a value
 * Spring's binder could not convert for a {@code spring.ai.codemode} property (an unknown
 * {@code binding-level}, a {@code timeout} that is not a duration). It runs before Spring Boot's own
 * analyzers, which would describe the latter with Java type names. Virtual keys are credentials: they
 * are masked in property names and origins, and a key given as a value is never shown. Registered in
 * {@code META-INF/spring.factories}.
 */
final class CodeModeFailureAnalyzer implements FailureAnalyzer, Ordered {

    private static final String PREFIX = CodeModeProperties.PREFIX + ".";

    private final @Nullable Environment environment;

    /** Spring Boot passes the failed context's environment (null when the failure came before one). */
    CodeModeFailureAnalyzer(@Nullable Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        InvalidCodeModeSettingsException settings = findCause(failure, InvalidCodeModeSettingsException.class);
        if (settings != null) {
            return analysis(settings.problems(), null, settings);
        }
        BindException bind = findCause(failure, BindException.class);
        if (bind != null && bind.getProperty() != null
                && bind.getProperty().getName().toString().startsWith(PREFIX)) {
            return analysis(List.of(bindProblem(bind, bind.getProperty())), bind.getProperty(), bind);
        }
        return null;
    }

    /**
     * @param bound the property the binder failed on, when it did (it knows its origin even before the
     *              application's environment exists)
     */
    private FailureAnalysis analysis(List<Problem> problems, @Nullable ConfigurationProperty bound, Throwable cause) {
        StringBuilder description = new StringBuilder(problems.size() == 1 ? "A Code Mode setting is invalid:"
                : problems.size() + " Code Mode settings are invalid:");
        for (Problem problem : problems) {
            ConfigurationProperty configured = bound != null ? bound : configured(problem.property());
            description.append(String.format("%n%n    Property: %s", problem.shownProperty()));
            if (problem.value() != null) {
                String value = configured != null && configured.getName().toString().equals(problem.property())
                        && configured.getValue() != null ? String.valueOf(configured.getValue()) : problem.value();
                description.append(String.format("%n    Value: \"%s\"", value));
            }
            String origin = configured == null ? null : origin(configured.getOrigin(), problem.property());
            if (origin != null) {
                description.append(String.format("%n    Origin: %s", origin));
            }
            description.append(String.format("%n    Reason: %s", problem.reason()));
        }
        String action = problems.stream().map(Problem::action).distinct()
                .collect(Collectors.joining(String.format("%n%n")));
        return new FailureAnalysis(description.toString(), action, cause);
    }

    /**
     * The configured property a problem is about, for its origin and its value as written: the property
     * itself, else the list it is an item of ({@code auto-execute.tools=a,b} has no {@code tools[1]}).
     */
    private @Nullable ConfigurationProperty configured(String property) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return null;
        }
        String name = property;
        while (true) {
            ConfigurationPropertyName parsed = ConfigurationPropertyName.ofIfValid(name);
            if (parsed != null) {
                for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
                    ConfigurationProperty found = source.getConfigurationProperty(parsed);
                    if (found != null) {
                        return found;
                    }
                }
            }
            if (!name.endsWith("]") || name.lastIndexOf('[') < 0) {
                return null;
            }
            name = name.substring(0, name.lastIndexOf('['));
        }
    }

    /**
     * Where a property was set, as Spring Boot shows it, except that nothing naming the property itself
     * is shown when the name holds a virtual key.
     */
    private static @Nullable String origin(@Nullable Origin origin, String property) {
        boolean key = InvalidCodeModeSettingsException.holdsKey(property);
        if (origin == null) {
            return null;
        }
        if (origin instanceof TextResourceOrigin) {
            return origin.toString(); // a file and a line
        }
        if (origin instanceof PropertySourceOrigin source) {
            if (source.getOrigin() != null) {
                return origin(source.getOrigin(), property);
            }
            return key ? "property source \"" + source.getPropertySource().getName() + "\"" : origin.toString();
        }
        if (origin instanceof SystemEnvironmentOrigin) {
            return key ? "an environment variable" : origin.toString();
        }
        return key ? null : origin.toString();
    }

    /** A value the binder could not convert, said without Java type names. */
    private static Problem bindProblem(BindException bind, ConfigurationProperty property) {
        String name = property.getName().toString();
        String shown = InvalidCodeModeSettingsException.shown(name);
        String value = String.valueOf(property.getValue());
        ConversionFailedException conversion = findCause(bind, ConversionFailedException.class);
        Class<?> type = conversion == null ? null : conversion.getTargetType().getType();
        if (type != null && type.isEnum()) {
            List<String> values = Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
            return new Problem(name, value, "not one of " + String.join(", ", values),
                    "Set " + shown + " to " + or(values) + ".");
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return new Problem(name, value, "not a whole number", "Set " + shown + " to a whole number.");
        }
        if (type == Duration.class) {
            return new Problem(name, value, "not a duration", "Set " + shown + " to a duration such as 30s, 500ms or"
                    + " 2m.");
        }
        if (type == Boolean.class || type == boolean.class) {
            return new Problem(name, value, "not true or false", "Set " + shown + " to true or false.");
        }
        if (type != null && Number.class.isAssignableFrom(type)) {
            return new Problem(name, value, "not a number", "Set " + shown + " to a number such as 0.002.");
        }
        return new Problem(name, value, "the value does not have the form this setting takes",
                "Write " + shown + " in the form docs/spring-ai.md and the configuration metadata (which IDEs"
                        + " complete) give for it.");
    }

    private static String or(List<String> values) {
        List<String> all = new ArrayList<>(values);
        String last = all.remove(all.size() - 1);
        return all.isEmpty() ? last : String.join(", ", all) + " or " + last;
    }

    private static <E extends Throwable> @Nullable E findCause(@Nullable Throwable failure, Class<E> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
